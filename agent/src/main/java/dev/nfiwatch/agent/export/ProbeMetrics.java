package dev.nfiwatch.agent.export;

import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Registers every metric of the agent, in one place. All of them read the probe runtimes' totals
 * at scrape time (function counters and gauges), so the training thread never calls Micrometer.
 * Detectors that add metrics register them here, next to these.
 */
public final class ProbeMetrics {

  private ProbeMetrics() {}

  /** Registers the metrics of every probe and the agent's own. */
  public static void register(
      PrometheusMeterRegistry registry, List<ProbeRuntime> probes, String version, String mode) {
    for (ProbeRuntime probe : probes) {
      registerProbe(registry, probe);
    }
    registry.getPrometheusRegistry().register(new ProbeCollector(probes, version, mode));
  }

  private static void registerProbe(PrometheusMeterRegistry registry, ProbeRuntime probe) {
    counter(registry, "nfi.backward.calls", "Observed backward calls", probe, ProbeRuntime::calls);
    counter(registry, "nfi.samples", "Samples in analysed calls", probe, ProbeRuntime::samples);
    counter(registry, "nfi.absorbed.samples",
        "Samples whose correct-class gradient was exactly 0 (absorbed)", probe,
        ProbeRuntime::absorbedSamples);
    counter(registry, "nfi.partially.absorbed.samples",
        "Samples whose zero-sum residual was well above rounding level", probe,
        ProbeRuntime::partialSamples);
    counter(registry, "nfi.dead.samples", "Samples whose gradient was 0 in every entry", probe,
        ProbeRuntime::deadSamples);
    counter(registry, "nfi.nonfinite.values", "NaN or infinite logits and gradient entries", probe,
        ProbeRuntime::nonfiniteValues);
    for (ProbeErrorReason reason : ProbeErrorReason.values()) {
      FunctionCounter.builder("nfi.probe.errors", probe, p -> p.errors(reason))
          .description("Calls or classes the probe could not handle, by reason")
          .tag("probe", probe.name())
          .tag("reason", reason.label())
          .register(registry);
    }
    gauge(registry, "nfi.absorption.ratio", "Absorbed share of the last batch", probe,
        ProbeRuntime::lastAbsorptionRatio);
    gauge(registry, "nfi.zero.sum.residual.ratio",
        "Signed zero-sum residual of the last batch, sum_i r_i / (1/2 sum |g|)", probe,
        ProbeRuntime::lastResidualRatio);
    gauge(registry, "nfi.logit.mean", "Mean logit of the last batch", probe,
        ProbeRuntime::lastMeanLogit);
    gauge(registry, "nfi.logit.abs.max", "Largest |logit| of the last batch", probe,
        ProbeRuntime::lastMaxAbsLogit);
    gauge(registry, "nfi.logit.gap.min.nats", "Smallest correct-class logit gap of the last batch",
        probe, ProbeRuntime::lastGapMin);
    gauge(registry, "nfi.logit.gap.median.nats", "Median correct-class logit gap of the last batch",
        probe, ProbeRuntime::lastGapMedian);
    gauge(registry, "nfi.loss", "Cross-entropy loss of the last batch, evaluated in double", probe,
        ProbeRuntime::lastLoss);
    FunctionTimer.builder(
            "nfi.analysis",
            probe,
            ProbeRuntime::timedCalls,
            ProbeRuntime::analysisNanos,
            TimeUnit.NANOSECONDS)
        .description("The agent's own time per observed call (analysis and observers)")
        .tag("probe", probe.name())
        .register(registry);
  }

  private static void counter(
      PrometheusMeterRegistry registry,
      String name,
      String help,
      ProbeRuntime probe,
      ToDoubleFunction<ProbeRuntime> value) {
    FunctionCounter.builder(name, probe, value)
        .description(help)
        .tag("probe", probe.name())
        .register(registry);
  }

  private static void gauge(
      PrometheusMeterRegistry registry,
      String name,
      String help,
      ProbeRuntime probe,
      ToDoubleFunction<ProbeRuntime> value) {
    Gauge.builder(name, probe, value).description(help).tag("probe", probe.name()).register(registry);
  }
}
