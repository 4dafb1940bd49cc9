package dev.nfiwatch.agent.export;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.analysis.GapBuckets;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;

/**
 * The metrics Micrometer cannot express from pre-aggregated data, read at scrape time straight from
 * the probe runtimes: the logit gap histogram (counted by the analyzer, so the training thread never
 * touches a metrics library), the current format's threshold (its {@code dtype} label follows the
 * data) and the agent's info metric.
 */
final class ProbeCollector implements MultiCollector {

  private final Supplier<List<ProbeRuntime>> probes;
  private final String version;
  private final String mode;
  private final double[] upperBounds;

  ProbeCollector(Supplier<List<ProbeRuntime>> probes, String version, String mode) {
    this.probes = probes;
    this.version = version;
    this.mode = mode;
    double[] finite = GapBuckets.upperBounds();
    upperBounds = java.util.Arrays.copyOf(finite, finite.length + 1);
    upperBounds[finite.length] = Double.POSITIVE_INFINITY;
  }

  @Override
  public MetricSnapshots collect() {
    HistogramSnapshot.Builder gaps =
        HistogramSnapshot.builder()
            .name("nfi_logit_gap_nats")
            .help("Correct-class logit gap z_c - max_{j!=c} z_j per sample, in nats");
    GaugeSnapshot.Builder thresholds =
        GaugeSnapshot.builder()
            .name("nfi_logit_gap_threshold_nats")
            .help("Absorption threshold ln(1/u) of the format the probe's last batch was in");
    for (ProbeRuntime probe : probes.get()) {
      if (!probe.seen()) {
        continue;
      }
      Labels labels = Labels.of("probe", probe.name(), "model", probe.model());
      gaps.dataPoint(
          HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .labels(labels)
              .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, probe.gapBucketCounts()))
              .sum(probe.gapSum())
              .build());
      Dtype dtype = probe.lastDtype();
      if (dtype != null) {
        thresholds.dataPoint(
            GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(labels.add("dtype", dtype.label()))
                .value(dtype.thresholdNats())
                .build());
      }
    }
    InfoSnapshot info =
        InfoSnapshot.builder()
            .name("nfi_agent")
            .help("The nfiwatch agent's version and mode")
            .dataPoint(
                InfoSnapshot.InfoDataPointSnapshot.builder()
                    .labels(Labels.of("version", version, "mode", mode))
                    .build())
            .build();
    return MetricSnapshots.of(gaps.build(), thresholds.build(), info);
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of("nfi_logit_gap_nats", "nfi_logit_gap_threshold_nats", "nfi_agent");
  }
}
