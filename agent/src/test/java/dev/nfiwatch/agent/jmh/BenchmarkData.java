package dev.nfiwatch.agent.jmh;

import java.util.SplittableRandom;

/** Arrays for the benchmarks: Gaussian values and fp32 softmax cross-entropy gradients. */
final class BenchmarkData {

  private BenchmarkData() {}

  /** {@code n} standard normal floats. */
  static float[] gaussian(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  /** Writes {@code softmax(z) − onehot(label)} of one row, computed in float as a trainer would. */
  static void softmaxGradient(float[] z, int row, int classes, int label, float[] gradient) {
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      max = Math.max(max, z[row + k]);
    }
    float sum = 0;
    for (int k = 0; k < classes; k++) {
      gradient[row + k] = (float) Math.exp(z[row + k] - max);
      sum += gradient[row + k];
    }
    for (int k = 0; k < classes; k++) {
      gradient[row + k] /= sum;
    }
    gradient[row + label] -= 1f;
  }
}
