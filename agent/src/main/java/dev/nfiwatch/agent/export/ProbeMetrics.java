package dev.nfiwatch.agent.export;

import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import dev.nfiwatch.agent.nfi.GrowthSignal;
import dev.nfiwatch.agent.nfi.NfiMonitor;
import dev.nfiwatch.agent.nfi.NfiObserver;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Registers every metric of the agent, in one place. All of them read the probe runtimes' totals
 * at scrape time (function counters and gauges), so the training thread never calls Micrometer.
 * Detectors that add metrics register them here, next to these.
 *
 * <p>A probe's series appear once the probe has seen a call (or an error): a JVM that trains with
 * one library does not export empty series for every other built-in probe. Registration happens
 * on the scraping thread, in {@link #registerSeenProbes()}, never on the training thread.
 */
public final class ProbeMetrics {

  private final PrometheusMeterRegistry registry;
  private final Supplier<List<ProbeRuntime>> probes;
  private final Set<ProbeRuntime> registered = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Registers the agent's own metrics; probes follow when {@link #registerSeenProbes} finds them seen. */
  public ProbeMetrics(
      PrometheusMeterRegistry registry,
      Supplier<List<ProbeRuntime>> probes,
      String version,
      String mode) {
    this.registry = registry;
    this.probes = probes;
    registry.getPrometheusRegistry().register(new ProbeCollector(probes, version, mode));
  }

  /** Registers the metrics of every probe that has been seen since the last call; call before a scrape. */
  public synchronized void registerSeenProbes() {
    for (ProbeRuntime probe : probes.get()) {
      if (!registered.contains(probe) && probe.seen()) {
        registered.add(probe);
        registerProbe(registry, probe);
        for (BatchObserver observer : probe.observers()) {
          if (observer instanceof NfiObserver) {
            registerNfi(registry, probe, ((NfiObserver) observer).monitor());
          }
        }
      }
    }
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
          .tags(tags(probe))
          .tag("reason", reason.label())
          .register(registry);
    }
    gauge(registry, "nfi.absorption.ratio", "Absorbed share of the last batch", probe,
        ProbeRuntime::lastAbsorptionRatio);
    gauge(registry, "nfi.zero.sum.residual.ratio",
        "Signed zero-sum residual of the last batch over its wrong-class mass (1 = all absorbed)", probe,
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
        .description("The agent's own time per analysed call (analysis and observers), on the"
            + " thread that analyses it")
        .tags(tags(probe))
        .register(registry);
    FunctionTimer.builder(
            "nfi.call",
            probe,
            ProbeRuntime::calls,
            ProbeRuntime::callNanos,
            TimeUnit.NANOSECONDS)
        .description("The training thread's time in the probe per observed call (the copy for"
            + " background analysis, or the whole analysis inline)")
        .tags(tags(probe))
        .register(registry);
  }

  /** The NFI detectors' metrics of one probe (README, "NFI detection and repair mode"). */
  private static void registerNfi(
      PrometheusMeterRegistry registry, ProbeRuntime probe, NfiMonitor nfi) {
    nfiGauge(registry, "nfi.onset", "1 while an NFI onset episode is in progress, else 0", probe,
        nfi, m -> m.onsetActive() ? 1 : 0);
    nfiCounter(registry, "nfi.onsets", "NFI onset episodes: sustained absorption with exponential"
        + " growth", probe, nfi, NfiMonitor::onsets);
    nfiGauge(registry, "nfi.onset.step", "Step at which the latest NFI onset episode started, -1"
        + " before any", probe, nfi, NfiMonitor::onsetStep);
    nfiCounter(registry, "nfi.loss.spikes", "Loss spikes (the project's loss-spike rule)", probe,
        nfi, NfiMonitor::spikes);
    nfiGauge(registry, "nfi.last.spike.step", "Step at which the latest loss spike started, -1"
        + " before any", probe, nfi, NfiMonitor::lastSpikeStep);
    nfiGauge(registry, "nfi.first.loss.spike.step", "Step at which the first loss spike started, -1"
        + " before any", probe, nfi, NfiMonitor::firstSpikeStep);
    nfiGauge(registry, "nfi.last.loss.spike.timestamp.seconds", "Unix time at which the agent saw"
        + " the latest loss spike start, 0 before any", probe, nfi, NfiMonitor::lastSpikeTime);
    nfiGauge(registry, "nfi.last.onset.timestamp.seconds", "Unix time at which the agent saw the"
        + " latest NFI onset episode start, 0 before any", probe, nfi, NfiMonitor::lastOnsetTime);
    nfiGauge(registry, "nfi.first.absorption.timestamp.seconds", "Unix time at which the agent saw"
        + " the first absorbed sample, 0 before any", probe, nfi, NfiMonitor::firstAbsorptionTime);
    nfiCounter(registry, "nfi.repaired.samples", "Samples whose correct-class gradient repair mode"
        + " rewrote as -sum of the others", probe, nfi, NfiMonitor::repairedSamples);
    nfiGauge(registry, "nfi.first.absorption.step", "First step with an absorbed sample, -1 before"
        + " any", probe, nfi, NfiMonitor::firstAbsorptionStep);
    nfiGauge(registry, "nfi.classifier.norm", "Frobenius norm of the classifier weights ||W||",
        probe, nfi, NfiMonitor::classifierNorm);
    nfiGauge(registry, "nfi.classifier.mean.norm", "Norm of the mean classifier row ||w_bar||",
        probe, nfi, NfiMonitor::classifierMeanNorm);
    nfiGauge(registry, "nfi.feature.mean.norm", "Norm of the batch-mean classifier input"
        + " ||h_bar||", probe, nfi, NfiMonitor::featureMeanNorm);
    nfiGauge(registry, "nfi.drift.norm", "Norm of the drift (1/K) sum_i r_i h_i that pushes w_bar",
        probe, nfi, NfiMonitor::driftNorm);
    nfiGauge(registry, "nfi.mean.cosine", "cos(w_bar, h_bar)", probe, nfi, NfiMonitor::meanCosine);
    nfiGauge(registry, "nfi.logit.resolution.ratio", "ulp(max |logit|) / median gap, in the"
        + " training format", probe, nfi, NfiMonitor::resolutionRatio);
    for (GrowthSignal signal : GrowthSignal.values()) {
      Gauge.builder("nfi.growth.rate", nfi, m -> m.growthRate(signal))
          .description("Exponential growth rate per step (least-squares slope of ln(signal))")
          .tags(tags(probe))
          .tag("signal", signal.label())
          .register(registry);
      Gauge.builder("nfi.growth.r2", nfi, m -> m.growthR2(signal))
          .description("R^2 of the log-linear growth fit")
          .tags(tags(probe))
          .tag("signal", signal.label())
          .register(registry);
    }
  }

  private static void nfiCounter(
      PrometheusMeterRegistry registry,
      String name,
      String help,
      ProbeRuntime probe,
      NfiMonitor nfi,
      ToDoubleFunction<NfiMonitor> value) {
    FunctionCounter.builder(name, nfi, value).description(help).tags(tags(probe)).register(registry);
  }

  private static void nfiGauge(
      PrometheusMeterRegistry registry,
      String name,
      String help,
      ProbeRuntime probe,
      NfiMonitor nfi,
      ToDoubleFunction<NfiMonitor> value) {
    Gauge.builder(name, nfi, value).description(help).tags(tags(probe)).register(registry);
  }

  private static void counter(
      PrometheusMeterRegistry registry,
      String name,
      String help,
      ProbeRuntime probe,
      ToDoubleFunction<ProbeRuntime> value) {
    FunctionCounter.builder(name, probe, value)
        .description(help)
        .tags(tags(probe))
        .register(registry);
  }

  private static void gauge(
      PrometheusMeterRegistry registry,
      String name,
      String help,
      ProbeRuntime probe,
      ToDoubleFunction<ProbeRuntime> value) {
    Gauge.builder(name, probe, value).description(help).tags(tags(probe)).register(registry);
  }

  /** The labels every series of one model of one probe carries. */
  static Tags tags(ProbeRuntime probe) {
    return Tags.of("probe", probe.name(), "model", probe.model());
  }
}
