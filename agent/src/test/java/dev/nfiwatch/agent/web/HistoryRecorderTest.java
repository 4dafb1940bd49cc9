package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchAnalyzer;
import dev.nfiwatch.agent.analysis.BatchStats;
import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

  private final BatchAnalyzer analyzer = new BatchAnalyzer(AnalysisSpec.DEMO);
  private final BatchStats stats = new BatchStats();
  private final HistoryRecorder recorder = new HistoryRecorder("demo", "observe");

  /** One batch of four samples, one per state: healthy, partial, absorbed, dead. */
  private void analyseOneOfEachState() {
    int classes = 10;
    int[] labels = {0, 1, 2, 3};
    float[] logits = new float[4 * classes];
    double[] gaps = {1.0, 16.0, 25.0, 0.5};
    for (int i = 0; i < 4; i++) {
      logits[i * classes + labels[i]] = (float) gaps[i];
    }
    float[] gradient = new float[logits.length];
    new SoftmaxCrossEntropy(null, null, "fp32").backward(logits, labels, gradient);
    for (int k = 0; k < classes; k++) {
      gradient[3 * classes + k] = 0f;
    }
    assertThat(analyzer.analyze(logits, labels, gradient, "fp32", stats)).isNull();
  }

  @Test
  void recordsTheSharesResidualGapsAndLossOfEachBatch() {
    analyseOneOfEachState();
    recorder.onBatch(stats, null, null);
    analyseOneOfEachState();
    recorder.onBatch(stats, null, null);

    ProbeHistory.Snapshot snapshot = recorder.history().snapshot();
    StepHistory.Snapshot points = snapshot.points();
    assertThat(snapshot.dtype()).isEqualTo("fp32");
    assertThat(snapshot.gapThreshold()).isEqualTo(24 * Math.log(2));
    assertThat(snapshot.mode()).isEqualTo("observe");
    assertThat(points.size()).isEqualTo(2);
    assertThat(points.recorded()).isEqualTo(2);
    assertThat(points.step(0)).isEqualTo(1);
    assertThat(points.step(1)).isEqualTo(stats.step()).isEqualTo(2);
    assertThat(points.value(HistoryColumn.ABSORBED_SHARE, 1)).isEqualTo(0.25);
    assertThat(points.value(HistoryColumn.PARTIAL_SHARE, 1)).isEqualTo(0.25);
    assertThat(points.value(HistoryColumn.DEAD_SHARE, 1)).isEqualTo(0.25);
    assertThat(points.value(HistoryColumn.RESIDUAL_RATIO, 1)).isEqualTo(stats.residualRatio());
    assertThat(points.value(HistoryColumn.GAP_MIN, 1)).isEqualTo(stats.gapMin());
    assertThat(points.value(HistoryColumn.GAP_MEDIAN, 1)).isEqualTo(stats.gapMedian());
    assertThat(points.value(HistoryColumn.LOSS, 1)).isEqualTo(stats.loss()).isPositive();
    assertThat(snapshot.verdict()).isEqualTo(Verdict.ABSORBING);
  }
}
