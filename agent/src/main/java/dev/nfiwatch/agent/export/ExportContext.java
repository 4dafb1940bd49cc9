package dev.nfiwatch.agent.export;

import dev.nfiwatch.agent.config.AgentConfig;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.Supplier;

/** What HTTP routes may serve: the configuration, the metrics registry and the probe runtimes. */
public final class ExportContext {

  private final AgentConfig config;
  private final PrometheusMeterRegistry registry;
  private final ProbeMetrics metrics;
  private final Supplier<List<ProbeRuntime>> probes;

  /** See the accessors. */
  public ExportContext(
      AgentConfig config,
      PrometheusMeterRegistry registry,
      ProbeMetrics metrics,
      Supplier<List<ProbeRuntime>> probes) {
    this.config = config;
    this.registry = registry;
    this.metrics = metrics;
    this.probes = probes;
  }

  public AgentConfig config() {
    return config;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The agent's metrics; register the probes seen so far before scraping {@link #registry()}. */
  public ProbeMetrics metrics() {
    return metrics;
  }

  /** The runtimes of every model of every installed probe, now. */
  public List<ProbeRuntime> probes() {
    return probes.get();
  }
}
