package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchAnalyzer;
import dev.nfiwatch.agent.analysis.BatchStats;
import dev.nfiwatch.agent.nfi.GrowthSignal;
import dev.nfiwatch.agent.nfi.NfiMonitor;
import dev.nfiwatch.agent.nfi.OnsetSettings;
import dev.nfiwatch.agent.nfi.WeightOrientation;
import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

  private final BatchAnalyzer analyzer = new BatchAnalyzer(AnalysisSpec.DEMO);
  private final BatchStats stats = new BatchStats();
  private final HistoryRecorder recorder = new HistoryRecorder("demo", "0", "observe", null);

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
    assertThat(points.value(HistoryColumn.W_BAR_NORM, 1)).as("no NFI monitor").isNaN();
  }

  @Test
  void allocatesNothingPerBatch() {
    NfiMonitor nfi = new NfiMonitor(OnsetSettings.defaults(), WeightOrientation.CLASSES_BY_FEATURES);
    HistoryRecorder withNfi = new HistoryRecorder("demo", "0", "observe", nfi);
    analyseOneOfEachState();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < 200_000; i++) {
      withNfi.onBatch(stats, null, null);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 200_000; i++) {
      withNfi.onBatch(stats, null, null);
    }
    assertThat(threads.getThreadAllocatedBytes(thread) - before).isLessThan(4096);
  }

  @Test
  void takesNormsRatesSpikesAndOnsetsFromTheNfiMonitor() {
    NfiMonitor nfi = new NfiMonitor(
        OnsetSettings.builder().growthWindow(50).sustainSteps(20).build(),
        WeightOrientation.CLASSES_BY_FEATURES);
    HistoryRecorder withNfi = new HistoryRecorder("demo", "0", "observe", nfi);
    float[] weights = {1, 0, 0, 1, 1, 1};
    float[] features = new float[4 * 2];
    double[] residuals = {1e-8, 1e-8, 0, 0};
    long onsetAt = -1;
    for (int i = 0; i < 400; i++) {
      analyseOneOfEachState();
      Arrays.fill(features, (float) Math.exp(2e-3 * i));
      double loss = i == 300 ? 1.0 : 1e-4;
      nfi.observe(stats.step(), 4, 3, 2, 0, residuals, 0, 1, 17.0, 0x1p-24, true, loss,
          stats.labels(), weights, features);
      if (nfi.onsetStarted()) {
        onsetAt = stats.step();
      }
      withNfi.onBatch(stats, weights, features);
    }

    ProbeHistory.Snapshot snapshot = withNfi.history().snapshot();
    StepHistory.Snapshot points = snapshot.points();
    int last = points.size() - 1;
    assertThat(points.value(HistoryColumn.W_BAR_NORM, last)).isEqualTo(nfi.classifierMeanNorm());
    assertThat(points.value(HistoryColumn.H_BAR_NORM, last)).isEqualTo(nfi.featureMeanNorm());
    assertThat(points.value(HistoryColumn.H_BAR_GROWTH, last))
        .isEqualTo(nfi.growthRate(GrowthSignal.FEATURE_MEAN)).isCloseTo(2e-3, within(1e-4));
    assertThat(points.value(HistoryColumn.W_BAR_GROWTH, last))
        .isEqualTo(nfi.growthRate(GrowthSignal.CLASSIFIER_MEAN));
    assertThat(snapshot.spikeSteps()).containsExactly(301);
    assertThat(onsetAt).isPositive();
    assertThat(snapshot.onsetSteps()).containsExactly(onsetAt);
    assertThat(snapshot.verdict()).isEqualTo(Verdict.NFI_ONSET);
  }
}
