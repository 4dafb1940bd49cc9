package dev.nfiwatch.agent.export;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.DaemonThreads;
import dev.nfiwatch.agent.config.PushSettings;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes the agent's metrics to a Prometheus Pushgateway ({@code push.url=…}), through the
 * Prometheus Java client's pushgateway exporter: every {@code push.interval} seconds on a daemon
 * thread, and once more at exit, so that a job shorter than a scrape interval still leaves its
 * absorption, onset and spikes in Prometheus. Grouped by {@code job} and {@code instance}; a failed
 * push is logged once and retried at the next interval, never thrown into training.
 */
public final class MetricsPusher {

  private final PushGateway gateway;
  private final ProbeMetrics metrics;
  private final PushSettings settings;
  private final String instance;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("push"));
  private volatile boolean failing;

  /**
   * @param settings where and how often to push
   * @param instance the grouping key's {@code instance}
   * @param exporter the registry and metrics to push
   */
  public MetricsPusher(PushSettings settings, String instance, MetricsExporter exporter) {
    URI url = URI.create(settings.url());
    this.settings = settings;
    this.instance = instance;
    this.metrics = exporter.metrics();
    this.gateway =
        PushGateway.builder()
            .scheme("https".equals(url.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
            .address(url.getAuthority())
            .job(settings.job())
            .groupingKey("instance", instance)
            .registry(exporter.registry().getPrometheusRegistry())
            .connectionTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Starts the periodic pushes; the first one right away. */
  public void start() {
    AgentLog.info(
        "pushing metrics to " + settings.url() + " every " + settings.intervalSeconds()
            + " s (job=" + settings.job() + ", instance=" + instance + ")");
    timer.scheduleWithFixedDelay(this::push, 0, settings.intervalSeconds(), TimeUnit.SECONDS);
  }

  /** Pushes once; returns whether the Pushgateway took it. Logs the first failure of a streak. */
  boolean push() {
    try {
      metrics.registerSeenProbes();
      gateway.push();
      if (failing) {
        failing = false;
        AgentLog.info("pushes to " + settings.url() + " work again");
      }
      return true;
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        failing = true;
        AgentLog.info("push to " + settings.url() + " failed (" + e + "); retrying every "
            + settings.intervalSeconds() + " s, training goes on");
      }
      return false;
    }
  }

  /**
   * The last push at exit (after the analysis has caught up), or, with {@code push.delete=true},
   * the deletion of this JVM's group.
   */
  public void finish() {
    timer.shutdownNow();
    if (settings.deleteAtExit()) {
      try {
        gateway.delete();
        AgentLog.info("deleted the pushed metrics from " + settings.url());
      } catch (IOException | RuntimeException e) {
        AgentLog.info("cannot delete the pushed metrics from " + settings.url() + ": " + e);
      }
    } else if (push()) {
      AgentLog.info("final metrics pushed to " + settings.url());
    }
  }
}
