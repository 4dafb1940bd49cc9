package dev.nfiwatch.agent.web;

import java.util.Arrays;
import java.util.List;

/**
 * Fills probe histories with a made-up but plausible run, for the page tests that need no trainer:
 * loss falls, absorption starts, ‖w̄‖ and ‖h̄‖ grow exponentially, an onset fires and a loss spike
 * follows.
 */
final class SyntheticRun {

  static final long STEPS = 3000;
  static final long ONSET_STEP = 1400;
  static final long SPIKE_STEP = 2400;

  private SyntheticRun() {}

  /** Both runs, ready to serve, and a probe that has not seen a batch (the page leaves it out). */
  static ProbeHistories both() {
    List<ProbeHistory> histories = List.of(absorbingFloat32("demo-softmax-fp32", "0"),
        healthyFloat64WithoutNorms("demo-softmax-fp64", "0"),
        new ProbeHistory("idle", "0", "observe"));
    return new ProbeHistories(() -> histories);
  }

  /** One probe with two models: model {@code 0} healthy in float64, model {@code sweep-1} absorbing. */
  static ProbeHistories twoModels() {
    List<ProbeHistory> histories = List.of(healthyFloat64WithoutNorms("demo", "0"),
        absorbingFloat32("demo", "sweep-1"));
    return new ProbeHistories(() -> histories);
  }

  /** A float32 run that absorbs, inflates and spikes. */
  static ProbeHistory absorbingFloat32(String name, String model) {
    ProbeHistory probe = new ProbeHistory(name, model, "observe");
    probe.format("fp32", 24 * Math.log(2));
    double[] row = new double[HistoryColumn.count()];
    for (long step = 0; step < STEPS; step++) {
      double absorbing = Math.max(0, Math.min(1, (step - 1200) / 600.0));
      boolean spiking = step >= SPIKE_STEP && step < SPIKE_STEP + 40;
      row[HistoryColumn.LOSS.ordinal()] = spiking ? 3.5 : 2.3 * Math.exp(-step / 150.0) + 1e-6;
      row[HistoryColumn.ABSORBED_SHARE.ordinal()] = 0.35 * absorbing;
      row[HistoryColumn.PARTIAL_SHARE.ordinal()] = 0.1 * absorbing;
      row[HistoryColumn.DEAD_SHARE.ordinal()] = 0;
      row[HistoryColumn.RESIDUAL_RATIO.ordinal()] = 0.2 * absorbing + 1e-8;
      row[HistoryColumn.GAP_MIN.ordinal()] = Math.min(14, step / 100.0);
      row[HistoryColumn.GAP_MEDIAN.ordinal()] = Math.min(16.8, step / 70.0);
      double growth = step > 1300 ? 1.4e-3 : 0;
      row[HistoryColumn.W_BAR_NORM.ordinal()] = 0.05 * Math.exp(growth * (step - 1300));
      row[HistoryColumn.H_BAR_NORM.ordinal()] = 33 * Math.exp(growth * (step - 1300));
      row[HistoryColumn.W_BAR_GROWTH.ordinal()] = growth * 0.6;
      row[HistoryColumn.H_BAR_GROWTH.ordinal()] = growth;
      probe.record(step, row, step >= ONSET_STEP);
      if (step == ONSET_STEP) {
        probe.onsetDetected(step);
      }
      if (step == SPIKE_STEP) {
        probe.spikeStarted(step);
      }
    }
    return probe;
  }

  /** A float64 run whose NFI columns were never measured: the page must say n/a for them. */
  static ProbeHistory healthyFloat64WithoutNorms(String name, String model) {
    ProbeHistory probe = new ProbeHistory(name, model, "observe");
    probe.format("fp64", 53 * Math.log(2));
    double[] row = new double[HistoryColumn.count()];
    Arrays.fill(row, Double.NaN);
    for (long step = 0; step < STEPS; step++) {
      row[HistoryColumn.LOSS.ordinal()] = 2.3 * Math.exp(-step / 150.0) + 1e-9;
      row[HistoryColumn.ABSORBED_SHARE.ordinal()] = 0;
      row[HistoryColumn.PARTIAL_SHARE.ordinal()] = 0;
      row[HistoryColumn.DEAD_SHARE.ordinal()] = 0;
      row[HistoryColumn.RESIDUAL_RATIO.ordinal()] = 6e-9 * Math.sin(step / 10.0);
      row[HistoryColumn.GAP_MIN.ordinal()] = Math.min(20, step / 100.0);
      row[HistoryColumn.GAP_MEDIAN.ordinal()] = Math.min(30, step / 70.0);
      probe.record(step, row, false);
    }
    return probe;
  }
}
