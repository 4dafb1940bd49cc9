package dev.nfiwatch.agent.nfi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchAnalyzer;
import dev.nfiwatch.agent.analysis.BatchStats;
import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.analysis.GradientScale;
import dev.nfiwatch.agent.analysis.GradientSign;
import dev.nfiwatch.agent.analysis.LabelForm;
import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import org.junit.jupiter.api.Test;

class GradientRepairTest {

  private static final int CLASSES = 10;

  /** Softmax − onehot in float, computed as the demo does, for one competitor at {@code gap}. */
  private static void row(float[] gradient, int offset, int label, float gap) {
    float[] logits = new float[CLASSES];
    logits[label] = gap;
    float max = gap;
    float sum = 0;
    for (int k = 0; k < CLASSES; k++) {
      gradient[offset + k] = (float) Math.exp(logits[k] - max);
      sum += gradient[offset + k];
    }
    for (int k = 0; k < CLASSES; k++) {
      gradient[offset + k] /= sum;
    }
    gradient[offset + label] -= 1f;
  }

  private static float[] logitsFor(int[] labels, float[] gaps) {
    float[] logits = new float[labels.length * CLASSES];
    for (int i = 0; i < labels.length; i++) {
      logits[i * CLASSES + labels[i]] = gaps[i];
    }
    return logits;
  }

  @Test
  void rewritesExactlyTheSamplesTheAnalysisFoundAbsorbedOrPartial() {
    int[] labels = {3, 0, 7, 9};
    float[] gaps = {20f, 2f, 15f, 25f}; // absorbed, healthy, partial, absorbed
    float[] gradient = new float[labels.length * CLASSES];
    for (int i = 0; i < labels.length; i++) {
      row(gradient, i * CLASSES, labels[i], gaps[i]);
    }
    float[] logits = logitsFor(labels, gaps);
    float[] before = gradient.clone();
    BatchStats stats = new BatchStats();
    ProbeErrorReason error =
        new BatchAnalyzer(AnalysisSpec.DEMO).analyze(logits, labels, gradient, "fp32", stats);
    assertThat(error).isNull();
    assertThat(stats.absorbed()).isEqualTo(2);
    assertThat(stats.partial()).isEqualTo(1);
    NfiMonitor monitor = new NfiMonitor(OnsetSettings.defaults(), WeightOrientation.CLASSES_BY_FEATURES);

    int repaired = new GradientRepair(monitor).repair(stats, gradient);

    assertThat(repaired).isEqualTo(3);
    assertThat(monitor.repairedSamples()).isEqualTo(3);
    for (int i : new int[] {0, 2, 3}) {
      double sum = 0;
      for (int k = 0; k < CLASSES; k++) {
        sum += gradient[i * CLASSES + k];
      }
      assertThat(Math.abs(sum)).as("sample %d", i).isLessThan(1e-6 * Math.abs(gradient[i * CLASSES + labels[i]]) + 1e-30);
      assertThat(gradient[i * CLASSES + labels[i]]).isNegative();
    }
    for (int k = 0; k < CLASSES; k++) {
      assertThat(Float.floatToRawIntBits(gradient[CLASSES + k]))
          .isEqualTo(Float.floatToRawIntBits(before[CLASSES + k]));
    }
    BatchStats again = new BatchStats();
    new BatchAnalyzer(AnalysisSpec.DEMO).analyze(logits, labels, gradient, "fp32", again);
    assertThat(again.absorbed() + again.partial()).as("nothing left to repair").isZero();
  }

  @Test
  void readsRowsAndOneHotLabelsLikeTheAnalysis() {
    double[][] gradient = new double[2][CLASSES];
    double[][] onehot = new double[2][CLASSES];
    double[][] logits = new double[2][CLASSES];
    onehot[0][4] = 1;
    onehot[1][1] = 1;
    logits[0][4] = 40; // absorbed in double: s = 9 e^-40 < 2^-53
    logits[1][1] = 3;
    for (int i = 0; i < 2; i++) {
      int label = i == 0 ? 4 : 1;
      double sum = 0;
      for (int k = 0; k < CLASSES; k++) {
        gradient[i][k] = Math.exp(logits[i][k] - logits[i][label]);
        sum += gradient[i][k];
      }
      for (int k = 0; k < CLASSES; k++) {
        gradient[i][k] /= sum;
      }
      gradient[i][label] -= 1;
    }
    assertThat(gradient[0][4]).isEqualTo(0.0);
    double[] healthy = gradient[1].clone();
    AnalysisSpec spec =
        new AnalysisSpec(0, LabelForm.ONEHOT, GradientSign.P_MINUS_Y, GradientScale.SAMPLE, Dtype.FP64);
    BatchStats stats = new BatchStats();
    assertThat(new BatchAnalyzer(spec).analyze(logits, onehot, gradient, null, stats)).isNull();
    NfiMonitor monitor = new NfiMonitor(OnsetSettings.defaults(), WeightOrientation.CLASSES_BY_FEATURES);

    assertThat(new GradientRepair(monitor).repair(stats, gradient)).isEqualTo(1);
    assertThat(gradient[0][4]).isEqualTo(-9 * Math.exp(-40), org.assertj.core.data.Offset.offset(1e-30));
    assertThat(gradient[1]).containsExactly(healthy);
  }
}
