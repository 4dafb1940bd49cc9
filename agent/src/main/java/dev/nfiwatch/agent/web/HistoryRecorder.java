package dev.nfiwatch.agent.web;

import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.analysis.BatchStats;
import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.nfi.GrowthSignal;
import dev.nfiwatch.agent.nfi.NfiMonitor;
import java.util.Arrays;

/**
 * Feeds one probe's {@link ProbeHistory} from its analysed batches: copies a dozen numbers from
 * {@link BatchStats} and from the probe's {@link NfiMonitor} into a reused row and hands it over,
 * with the monitor's loss-spike starts and NFI onsets as events. No allocation per batch.
 *
 * <p>The monitor must have observed the same batch first (its observer comes earlier in the
 * probe's observer list). Without a monitor the NFI columns stay empty and the page shows n/a.
 */
public final class HistoryRecorder implements BatchObserver {

  private final ProbeHistory history;
  private final NfiMonitor nfi;
  private final double[] row = new double[HistoryColumn.count()];
  private Dtype dtype;

  /**
   * @param probe the probe's name
   * @param model the model's label among the probe's models
   * @param mode the agent's mode label
   * @param nfi the probe's NFI monitor, fed before this recorder, or null when there is none
   */
  public HistoryRecorder(String probe, String model, String mode, NfiMonitor nfi) {
    this.history = new ProbeHistory(probe, model, mode);
    this.nfi = nfi;
    Arrays.fill(row, Double.NaN);
  }

  /** The history this recorder fills. */
  public ProbeHistory history() {
    return history;
  }

  @Override
  public void onBatch(BatchStats stats, Object classifierWeights, Object classifierInput) {
    if (stats.dtype() != dtype) {
      dtype = stats.dtype();
      history.format(dtype.label(), dtype.thresholdNats());
    }
    double perSample = stats.batch() == 0 ? Double.NaN : 1.0 / stats.batch();
    row[HistoryColumn.LOSS.ordinal()] = stats.loss();
    row[HistoryColumn.ABSORBED_SHARE.ordinal()] = stats.absorbed() * perSample;
    row[HistoryColumn.PARTIAL_SHARE.ordinal()] = stats.partial() * perSample;
    row[HistoryColumn.DEAD_SHARE.ordinal()] = stats.dead() * perSample;
    row[HistoryColumn.RESIDUAL_RATIO.ordinal()] = stats.residualRatio();
    row[HistoryColumn.GAP_MIN.ordinal()] = stats.gapMin();
    row[HistoryColumn.GAP_MEDIAN.ordinal()] = stats.gapMedian();
    boolean onsetActive = false;
    if (nfi != null) {
      row[HistoryColumn.W_BAR_NORM.ordinal()] = nfi.classifierMeanNorm();
      row[HistoryColumn.H_BAR_NORM.ordinal()] = nfi.featureMeanNorm();
      row[HistoryColumn.W_BAR_GROWTH.ordinal()] = nfi.growthRate(GrowthSignal.CLASSIFIER_MEAN);
      row[HistoryColumn.H_BAR_GROWTH.ordinal()] = nfi.growthRate(GrowthSignal.FEATURE_MEAN);
      onsetActive = nfi.onsetActive();
      if (nfi.spikeStarted()) {
        history.spikeStarted(stats.step());
      }
      if (nfi.onsetStarted()) {
        history.onsetDetected(stats.step());
      }
    }
    history.record(stats.step(), row, onsetActive);
  }
}
