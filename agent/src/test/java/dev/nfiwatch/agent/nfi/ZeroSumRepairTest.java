package dev.nfiwatch.agent.nfi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZeroSumRepairTest {

  /** A few ulps: what ordinary rounding leaves in a float row. */
  private static final double FP32_THRESHOLD = 8 * 0x1p-24;

  private static final double FP64_THRESHOLD = 8 * 0x1p-53;

  /** Row i of a float softmax − onehot gradient as the demo computes it, for logits z. */
  private static void softmaxGradient(float[] gradient, int row, float[] z, int label) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    float sum = 0;
    for (int k = 0; k < z.length; k++) {
      gradient[row + k] = (float) Math.exp(z[k] - max);
      sum += gradient[row + k];
    }
    for (int k = 0; k < z.length; k++) {
      gradient[row + k] /= sum;
    }
    gradient[row + label] -= 1f;
  }

  @Test
  void repairsAbsorbedAndPartialFloatSamplesAndLeavesHealthyOnesBitForBit() {
    int classes = 4;
    int[] labels = {0, 1, 2, 3};
    float[] gradient = new float[16];
    softmaxGradient(gradient, 0, new float[] {20, 0, 0, 0}, 0); // absorbed: g_c == 0 exactly
    softmaxGradient(gradient, 4, new float[] {1, 2, 0.5f, -1}, 1); // healthy
    softmaxGradient(gradient, 8, new float[] {0, 0, 15, 0}, 2); // partially absorbed
    // dead: every entry zero
    assertThat(gradient[0]).isEqualTo(0f);
    assertThat(gradient[1]).isPositive();
    float[] before = gradient.clone();

    int repaired = ZeroSumRepair.repair(gradient, labels, classes, FP32_THRESHOLD);

    assertThat(repaired).isEqualTo(2);
    for (int i : new int[] {0, 2}) {
      double others = 0;
      for (int k = 0; k < classes; k++) {
        if (k != labels[i]) {
          others += gradient[i * classes + k];
        }
      }
      assertThat(gradient[i * classes + labels[i]]).isEqualTo((float) -others);
    }
    assertThat(gradient[0]).isNegative();
    assertThat(bits(gradient, 4, 8)).isEqualTo(bits(before, 4, 8));
    assertThat(bits(gradient, 12, 16)).isEqualTo(bits(before, 12, 16));
    for (int i : new int[] {0, 2}) {
      for (int k = 0; k < classes; k++) {
        if (k != labels[i]) {
          assertThat(gradient[i * classes + k]).isEqualTo(before[i * classes + k]);
        }
      }
    }
  }

  @Test
  void aRepairedFloatRowSumsToZeroAtRoundingLevel() {
    float[] gradient = new float[10];
    float[] logits = {25, 3, 1, 0, -2, 4, 2, 1, 0, 6};
    softmaxGradient(gradient, 0, logits, 0);
    assertThat(gradient[0]).isEqualTo(0f);
    ZeroSumRepair.repair(gradient, new int[] {0}, 10, FP32_THRESHOLD);
    double sum = 0;
    double absolute = 0;
    for (float g : gradient) {
      sum += g;
      absolute += Math.abs(g);
    }
    assertThat(Math.abs(sum) / (0.5 * absolute)).isLessThanOrEqualTo(FP32_THRESHOLD);
  }

  @Test
  void repairsDoubleGradientsWithCompensatedSums() {
    // Absorbed in double: 1 + s rounds to 1 when s < 2^-53.
    double tiny = 1e-17;
    double[] gradient = {
      0.0, tiny, tiny * 3, // absorbed, label 0
      0.25, -0.5, 0.25, // healthy, label 1
      1e-3 * 2.0000000001, 1e-3, -3e-3, // broken by a little, label 2
    };
    double[] before = gradient.clone();
    int[] labels = {0, 1, 2};

    int repaired = ZeroSumRepair.repair(gradient, labels, 3, FP64_THRESHOLD);

    assertThat(repaired).isEqualTo(2);
    assertThat(gradient[0]).isEqualTo(-4e-17);
    assertThat(Double.doubleToRawLongBits(gradient[3])).isEqualTo(Double.doubleToRawLongBits(before[3]));
    assertThat(Double.doubleToRawLongBits(gradient[4])).isEqualTo(Double.doubleToRawLongBits(before[4]));
    assertThat(Double.doubleToRawLongBits(gradient[5])).isEqualTo(Double.doubleToRawLongBits(before[5]));
    assertThat(gradient[8]).isEqualTo(-(before[6] + before[7]));
  }

  @Test
  void compensationRecoversWhatPlainDoubleSummationLoses() {
    // One wrong class at 1e-3 and a thousand at 1e-20: each 1e-20 is below half an ulp of 1e-3,
    // so a plain double sum returns 1e-3 and sees no residual; the exact sum is 1e-3 + 1e-17.
    int classes = 1_002;
    double[] gradient = new double[classes];
    gradient[0] = -1e-3;
    gradient[1] = 1e-3;
    for (int k = 2; k < classes; k++) {
      gradient[k] = 1e-20;
    }
    int repaired = ZeroSumRepair.repair(gradient, new int[] {0}, classes, FP64_THRESHOLD);
    assertThat(repaired).isEqualTo(1);
    assertThat(gradient[0]).isEqualTo(-(1e-3 + 1e-17));
  }

  @Test
  void worksForTheNegatedSignConvention() {
    float[] gradient = {0f, -2e-9f, -2e-9f};
    assertThat(ZeroSumRepair.repair(gradient, new int[] {0}, 3, FP32_THRESHOLD)).isEqualTo(1);
    assertThat(gradient[0]).isEqualTo((float) 4e-9);
  }

  @Test
  void skipsSamplesWithALabelOutOfRange() {
    float[] gradient = {0f, 1e-9f, 0f, 1e-9f};
    int repaired = ZeroSumRepair.repair(gradient, new int[] {-1, 2}, 2, FP32_THRESHOLD);
    assertThat(repaired).isZero();
    assertThat(gradient).containsExactly(0f, 1e-9f, 0f, 1e-9f);
  }

  @Test
  void repairsSingleRowsAtAnOffset() {
    float[][] rows = {{0.1f, -0.2f, 0.1f}, {1e-9f, 0f, 1e-9f}};
    assertThat(ZeroSumRepair.repairRow(rows[1], 0, 3, 1L, FP32_THRESHOLD)).isTrue();
    assertThat(rows[1][1]).isEqualTo(-2e-9f);
    double[] flat = {9, 9, 1e-20, 0, 1e-20};
    assertThat(ZeroSumRepair.repairRow(flat, 2, 3, 1L, FP64_THRESHOLD)).isTrue();
    assertThat(flat).containsExactly(9, 9, 1e-20, -2e-20, 1e-20);
    assertThat(ZeroSumRepair.repairRow(flat, 2, 3, 1L, FP64_THRESHOLD))
        .as("already zero-sum")
        .isFalse();
  }

  @Test
  void aHigherThresholdLeavesPartiallyAbsorbedSamplesAlone() {
    float[] gradient = new float[4];
    softmaxGradient(gradient, 0, new float[] {0, 0, 15, 0}, 2);
    float[] before = gradient.clone();
    assertThat(ZeroSumRepair.repair(gradient, new int[] {2}, 4, 0.5)).isZero();
    assertThat(gradient).containsExactly(before);
  }

  private static int[] bits(float[] values, int from, int to) {
    int[] result = new int[to - from];
    for (int i = from; i < to; i++) {
      result[i - from] = Float.floatToRawIntBits(values[i]);
    }
    return result;
  }
}
