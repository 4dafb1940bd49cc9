package dev.nfiwatch.agent.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Serves {@code /api/history}: every probe's history as {@link HistoryJson}, polled by the page. */
public final class HistoryEndpoint implements HttpHandler {

  private final ProbeHistories histories;

  public HistoryEndpoint(ProbeHistories histories) {
    this.histories = histories;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = HistoryJson.write(histories.snapshot()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } finally {
      exchange.close();
    }
  }
}
