package dev.nfiwatch.agent.export;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.AgentState;
import dev.nfiwatch.agent.config.AgentConfig;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import dev.nfiwatch.agent.web.LivePage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Creates the Prometheus registry with every metric and serves it over HTTP (or HTTPS, see {@code
 * web.config.file}). A port already in use costs the metrics endpoint, never the training: one line
 * says which port and that JVM options may have been inherited. An open endpoint on an address
 * other than loopback is pointed out in one line.
 */
public final class MetricsExporter {

  private final PrometheusMeterRegistry registry;
  private final ProbeMetrics metrics;
  private final ExportContext context;
  private volatile AgentHttpServer server;

  /**
   * Builds the registry and registers the metrics of {@code probes}.
   *
   * @param probes the runtimes of every model of every probe there are now (models appear while the
   *     job trains)
   */
  public MetricsExporter(
      AgentConfig config, Supplier<List<ProbeRuntime>> probes, String version) {
    MicrometerLogging.install();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics = new ProbeMetrics(registry, probes, version, config.mode().label());
    context = new ExportContext(config, registry, metrics, probes);
  }

  /** Starts the HTTP server and prints the metrics URL; logs (does not throw) a bind failure. */
  public void serve() {
    AgentConfig config = context.config();
    try {
      server =
          AgentHttpServer.start(
              config.host(), config.port(), AgentRoutes.of(context), config.webConfig());
      AgentLog.info("metrics at " + server.url("/metrics"));
      AgentLog.info("live page at " + server.url(LivePage.PAGE_PATH));
      AgentState.serving(server.url("/metrics"), server.url(LivePage.PAGE_PATH));
      if (!config.webConfig().open()) {
        AgentLog.info(
            "web.config.file " + config.webConfig().file() + ": " + config.webConfig().summary());
      } else if (!server.address().isLoopbackAddress()) {
        AgentLog.info(
            "warning: serving plain HTTP without authentication on " + config.host() + ", which"
                + " is not a loopback address: anyone who reaches port " + server.port()
                + " reads the metrics and the live page (set web.config.file for TLS and basic"
                + " auth)");
      }
    } catch (BindException e) {
      notServing(
          "port " + config.port() + " on " + config.host() + " is already in use, metrics are not"
              + " served; the agent options may be inherited from JAVA_OPTS or JAVA_TOOL_OPTIONS by"
              + " another JVM (set port=0 for a free port). Training goes on.");
    } catch (IOException | RuntimeException e) {
      notServing(
          "cannot serve metrics on " + config.host() + ":" + config.port() + " (" + e
              + "). Training goes on.");
    }
  }

  private static void notServing(String line) {
    AgentLog.info(line);
    AgentState.notServing(line);
  }

  /** The current scrape in Prometheus text format. */
  public String scrape() {
    metrics.registerSeenProbes();
    return registry.scrape();
  }

  /** The registry every metric is registered in. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The agent's metrics; {@link ProbeMetrics#registerSeenProbes()} before reading the registry. */
  public ProbeMetrics metrics() {
    return metrics;
  }

  /** The running server, or null when it could not bind. */
  public AgentHttpServer server() {
    return server;
  }
}
