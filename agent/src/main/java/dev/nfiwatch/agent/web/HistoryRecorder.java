package dev.nfiwatch.agent.web;

import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.analysis.BatchStats;
import dev.nfiwatch.agent.analysis.Dtype;
import java.util.Arrays;

/**
 * Feeds one probe's {@link ProbeHistory} from its analysed batches: copies a dozen numbers from
 * {@link BatchStats} into a reused row and hands it over. No allocation per batch.
 */
public final class HistoryRecorder implements BatchObserver {

  private final ProbeHistory history;
  private final double[] row = new double[HistoryColumn.count()];
  private Dtype dtype;

  /**
   * @param probe the probe's name
   * @param mode the agent's mode label
   */
  public HistoryRecorder(String probe, String mode) {
    this.history = new ProbeHistory(probe, mode);
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
    history.record(stats.step(), row, false);
  }
}
