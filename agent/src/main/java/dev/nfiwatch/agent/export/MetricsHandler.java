package dev.nfiwatch.agent.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@code /metrics}: the registry's scrape, OpenMetrics when the {@code Accept} header asks for it. */
final class MetricsHandler implements HttpHandler {

  /** The Prometheus text exposition format. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** The OpenMetrics text format. */
  static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final ProbeMetrics metrics;

  MetricsHandler(PrometheusMeterRegistry registry, ProbeMetrics metrics) {
    this.registry = registry;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      String contentType =
          accept != null && accept.contains("application/openmetrics-text")
              ? OPENMETRICS_TEXT
              : PROMETHEUS_TEXT;
      metrics.registerSeenProbes();
      byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }
}
