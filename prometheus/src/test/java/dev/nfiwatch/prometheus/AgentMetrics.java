package dev.nfiwatch.prometheus;

import java.util.Set;
import java.util.TreeSet;

/**
 * The series names the nfiwatch agent exports, as Prometheus stores them (counters with {@code
 * _total}, the histogram's {@code _bucket}/{@code _sum}/{@code _count}, the timer's {@code
 * _count}/{@code _sum}), each with a {@code probe} label except {@link #AGENT_SCOPED}. Alerts,
 * recording rules and the dashboard may only name these, the series Prometheus itself makes ({@link
 * #PROMETHEUS}) and recorded series. The end-to-end test compares this list with what Prometheus
 * really scraped from the agent.
 */
public final class AgentMetrics {

  private AgentMetrics() {}

  /** Counters. */
  public static final Set<String> COUNTERS =
      Set.of(
          "nfi_backward_calls_total",
          "nfi_samples_total",
          "nfi_absorbed_samples_total",
          "nfi_partially_absorbed_samples_total",
          "nfi_dead_samples_total",
          "nfi_nonfinite_values_total",
          "nfi_probe_errors_total",
          "nfi_repaired_samples_total",
          "nfi_onsets_total",
          "nfi_loss_spikes_total");

  /** Gauges. */
  public static final Set<String> GAUGES =
      Set.of(
          "nfi_absorption_ratio",
          "nfi_zero_sum_residual_ratio",
          "nfi_logit_gap_threshold_nats",
          "nfi_logit_mean",
          "nfi_logit_abs_max",
          "nfi_logit_gap_min_nats",
          "nfi_logit_gap_median_nats",
          "nfi_loss",
          "nfi_onset",
          "nfi_onset_step",
          "nfi_first_absorption_step",
          "nfi_last_spike_step",
          "nfi_first_loss_spike_step",
          "nfi_last_loss_spike_timestamp_seconds",
          "nfi_last_onset_timestamp_seconds",
          "nfi_first_absorption_timestamp_seconds",
          "nfi_classifier_norm",
          "nfi_classifier_mean_norm",
          "nfi_feature_mean_norm",
          "nfi_drift_norm",
          "nfi_mean_cosine",
          "nfi_logit_resolution_ratio",
          "nfi_growth_rate",
          "nfi_growth_r2",
          "nfi_agent_info");

  /** The logit gap histogram's series. */
  public static final Set<String> HISTOGRAM =
      Set.of("nfi_logit_gap_nats_bucket", "nfi_logit_gap_nats_sum", "nfi_logit_gap_nats_count");

  /** The timers' series (function timers: no maximum): analysis, and time on the training thread. */
  public static final Set<String> TIMER =
      Set.of(
          "nfi_analysis_seconds_count",
          "nfi_analysis_seconds_sum",
          "nfi_call_seconds_count",
          "nfi_call_seconds_sum");

  /** Series about the agent as a whole: they carry no {@code probe} label. */
  public static final Set<String> AGENT_SCOPED = Set.of("nfi_agent_info");

  /** Series Prometheus makes itself: target health and the alerts' state. */
  public static final Set<String> PROMETHEUS = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");

  /** Every series name the agent exports. */
  public static Set<String> exported() {
    Set<String> all = new TreeSet<>();
    all.addAll(COUNTERS);
    all.addAll(GAUGES);
    all.addAll(HISTOGRAM);
    all.addAll(TIMER);
    return all;
  }
}
