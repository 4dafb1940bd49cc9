package dev.nfiwatch.demo.linalg;

import java.util.Arrays;

/**
 * {@link ElementKernels} in plain Java, the form that defines their results (and runs where the
 * Vector API is absent).
 *
 * <p>The exponentials are {@link FastExp}'s, and the row sums keep 8 float or 4 double running
 * sums (element {@code k} of each whole block of 8 or 4 into sum {@code k mod 8}, the sums added
 * in order, then the rest of the row), which lets the CPU overlap the exponentials of a block
 * instead of waiting for each addition in turn.
 */
final class ScalarElementKernels {

  private static final int FLOAT_LANES = 8;
  private static final int DOUBLE_LANES = 4;

  private ScalarElementKernels() {}

  /**
   * Writes {@code softmax(z[from … from+n−1])} into the same range of {@code out}: {@code e_k =
   * exp(z_k − max)} in float, divided by their sum.
   */
  static void softmax(float[] z, int from, int n, float[] out) {
    float max = max(z, from, from + n);
    int blocksEnd = from + n - n % FLOAT_LANES;
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    for (int k = from; k < blocksEnd; k += FLOAT_LANES) {
      s0 += out[k] = FastExp.exp(z[k] - max);
      s1 += out[k + 1] = FastExp.exp(z[k + 1] - max);
      s2 += out[k + 2] = FastExp.exp(z[k + 2] - max);
      s3 += out[k + 3] = FastExp.exp(z[k + 3] - max);
      s4 += out[k + 4] = FastExp.exp(z[k + 4] - max);
      s5 += out[k + 5] = FastExp.exp(z[k + 5] - max);
      s6 += out[k + 6] = FastExp.exp(z[k + 6] - max);
      s7 += out[k + 7] = FastExp.exp(z[k + 7] - max);
    }
    float sum = s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    for (int k = blocksEnd; k < from + n; k++) {
      sum += out[k] = FastExp.exp(z[k] - max);
    }
    for (int k = from; k < from + n; k++) {
      out[k] /= sum;
    }
  }

  /** As {@link #softmax(float[], int, int, float[])}, in double. */
  static void softmax(double[] z, int from, int n, double[] out) {
    double max = max(z, from, from + n);
    int blocksEnd = from + n - n % DOUBLE_LANES;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int k = from; k < blocksEnd; k += DOUBLE_LANES) {
      s0 += out[k] = FastExp.exp(z[k] - max);
      s1 += out[k + 1] = FastExp.exp(z[k + 1] - max);
      s2 += out[k + 2] = FastExp.exp(z[k + 2] - max);
      s3 += out[k + 3] = FastExp.exp(z[k + 3] - max);
    }
    double sum = s0 + s1 + s2 + s3;
    for (int k = blocksEnd; k < from + n; k++) {
      sum += out[k] = FastExp.exp(z[k] - max);
    }
    for (int k = from; k < from + n; k++) {
      out[k] /= sum;
    }
  }

  /**
   * {@code Σ exp(z_k − max)} over {@code z[from … from+n−1]}: each term in float, the sum in double
   * — four running sums, each whole block of 8 adding its terms {@code k} and {@code k + 4} to sum
   * {@code k mod 4} in turn, the sums added in order, then the rest of the row.
   */
  static double sumExp(float[] z, int from, int n, float max) {
    int blocksEnd = from + n - n % FLOAT_LANES;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int k = from; k < blocksEnd; k += FLOAT_LANES) {
      s0 += FastExp.exp(z[k] - max);
      s1 += FastExp.exp(z[k + 1] - max);
      s2 += FastExp.exp(z[k + 2] - max);
      s3 += FastExp.exp(z[k + 3] - max);
      s0 += FastExp.exp(z[k + 4] - max);
      s1 += FastExp.exp(z[k + 5] - max);
      s2 += FastExp.exp(z[k + 6] - max);
      s3 += FastExp.exp(z[k + 7] - max);
    }
    double sum = s0 + s1 + s2 + s3;
    for (int k = blocksEnd; k < from + n; k++) {
      sum += FastExp.exp(z[k] - max);
    }
    return sum;
  }

  /** {@code Σ exp(z_k − max)} over {@code z[from … from+n−1]}, each term and the sum in double. */
  static double sumExp(double[] z, int from, int n, double max) {
    int blocksEnd = from + n - n % DOUBLE_LANES;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int k = from; k < blocksEnd; k += DOUBLE_LANES) {
      s0 += FastExp.exp(z[k] - max);
      s1 += FastExp.exp(z[k + 1] - max);
      s2 += FastExp.exp(z[k + 2] - max);
      s3 += FastExp.exp(z[k + 3] - max);
    }
    double sum = s0 + s1 + s2 + s3;
    for (int k = blocksEnd; k < from + n; k++) {
      sum += FastExp.exp(z[k] - max);
    }
    return sum;
  }

  /** The largest of {@code z[from … to−1]} ({@code −∞} for none), with {@code Math.max}'s rules. */
  static float max(float[] z, int from, int to) {
    float max = Float.NEGATIVE_INFINITY;
    for (int k = from; k < to; k++) {
      max = Math.max(max, z[k]);
    }
    return max;
  }

  /** As {@link #max(float[], int, int)} for double values. */
  static double max(double[] z, int from, int to) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = from; k < to; k++) {
      max = Math.max(max, z[k]);
    }
    return max;
  }

  /**
   * The largest of {@code z[from … to−1]} other than {@code z[target]} ({@code −∞} for none), with
   * {@code Math.max}'s rules: the two segments around the target, each scanned from its start.
   */
  static float bestOther(float[] z, int from, int target, int to) {
    return Math.max(max(z, from, target), max(z, target + 1, to));
  }

  /** As {@link #bestOther(float[], int, int, int)} for double values. */
  static double bestOther(double[] z, int from, int target, int to) {
    return Math.max(max(z, from, target), max(z, target + 1, to));
  }

  /** {@code Σ z_k} over all of {@code z}, in double. */
  static double sum(float[] z) {
    int blocksEnd = z.length - z.length % DOUBLE_LANES;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int k = 0; k < blocksEnd; k += DOUBLE_LANES) {
      s0 += z[k];
      s1 += z[k + 1];
      s2 += z[k + 2];
      s3 += z[k + 3];
    }
    double sum = s0 + s1 + s2 + s3;
    for (int k = blocksEnd; k < z.length; k++) {
      sum += z[k];
    }
    return sum;
  }

  /** As {@link #sum(float[])} for double values. */
  static double sum(double[] z) {
    int blocksEnd = z.length - z.length % DOUBLE_LANES;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int k = 0; k < blocksEnd; k += DOUBLE_LANES) {
      s0 += z[k];
      s1 += z[k + 1];
      s2 += z[k + 2];
      s3 += z[k + 3];
    }
    double sum = s0 + s1 + s2 + s3;
    for (int k = blocksEnd; k < z.length; k++) {
      sum += z[k];
    }
    return sum;
  }

  /**
   * ReLU's backward: keeps {@code g[k]}'s bits where {@code 0 < a[k] ≤ +∞}, else writes {@code +0},
   * i.e. {@code a > 0 ? g : 0} for every input without NaN; a NaN in {@code g} or {@code a} gives
   * NaN; {@code from ≤ k < to}. Only float {@code max}, {@code min}, {@code ×} and {@code −}, so
   * the JIT runs it on vector lanes: {@code open} is {@code +∞} where {@code a > 0} (three scalings
   * by 2¹²⁷ lift even the smallest subnormal past the largest float) and {@code +0} elsewhere, and
   * clamping {@code g} to {@code [0 − open, open]} keeps it or makes it {@code +0}.
   */
  static void reluBackward(float[] g, float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      float open = Math.max(a[i], 0f) * 0x1p127f * 0x1p127f * 0x1p127f;
      g[i] = Math.max(Math.min(g[i], open), 0f - open);
    }
  }

  /** As {@link #reluBackward(float[], float[], int, int)} in double (scalings by 2¹⁰²³). */
  static void reluBackward(double[] g, double[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      double open = Math.max(a[i], 0.0) * 0x1p1023 * 0x1p1023 * 0x1p1023;
      g[i] = Math.max(Math.min(g[i], open), 0.0 - open);
    }
  }

  /**
   * Writes the column sums of the row-major {@code rows × sums.length} matrix {@code m} into
   * {@code sums}, in double, each column summed from row 0 down.
   */
  static void sumColumns(float[] m, int rows, double[] sums) {
    int cols = sums.length;
    Arrays.fill(sums, 0.0);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        sums[j] += m[i * cols + j];
      }
    }
  }

  /**
   * {@code out[outAt + j] = Σ m[r·cols + j]} in float over the rows {@code r} listed in {@code
   * order[from … to−1]} (rows {@code from … to−1} themselves when {@code order} is null), added in
   * that order from 0: sixteen columns at a time (a cache line of floats) into sixteen running sums,
   * so each element is one load and one add and no sum goes through memory. C2 does not vectorise
   * the row-by-row form {@code out[j] += m[r·cols + j]}: its load and store use different offsets
   * into arrays that might be one.
   */
  static void sumRows(float[] m, int cols, int[] order, int from, int to, float[] out, int outAt) {
    int j = 0;
    for (; j + 16 <= cols; j += 16) {
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      float s4 = 0;
      float s5 = 0;
      float s6 = 0;
      float s7 = 0;
      float s8 = 0;
      float s9 = 0;
      float s10 = 0;
      float s11 = 0;
      float s12 = 0;
      float s13 = 0;
      float s14 = 0;
      float s15 = 0;
      for (int k = from; k < to; k++) {
        int at = (order == null ? k : order[k]) * cols + j;
        s0 += m[at];
        s1 += m[at + 1];
        s2 += m[at + 2];
        s3 += m[at + 3];
        s4 += m[at + 4];
        s5 += m[at + 5];
        s6 += m[at + 6];
        s7 += m[at + 7];
        s8 += m[at + 8];
        s9 += m[at + 9];
        s10 += m[at + 10];
        s11 += m[at + 11];
        s12 += m[at + 12];
        s13 += m[at + 13];
        s14 += m[at + 14];
        s15 += m[at + 15];
      }
      int o = outAt + j;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
      out[o + 4] = s4;
      out[o + 5] = s5;
      out[o + 6] = s6;
      out[o + 7] = s7;
      out[o + 8] = s8;
      out[o + 9] = s9;
      out[o + 10] = s10;
      out[o + 11] = s11;
      out[o + 12] = s12;
      out[o + 13] = s13;
      out[o + 14] = s14;
      out[o + 15] = s15;
    }
    for (; j < cols; j++) {
      float sum = 0;
      for (int k = from; k < to; k++) {
        sum += m[(order == null ? k : order[k]) * cols + j];
      }
      out[outAt + j] = sum;
    }
  }

  /**
   * {@code out[outAt + j] = Σ m[r·cols + j]} in double over the rows {@code r} listed in {@code
   * order[from … to−1]} (rows {@code from … to−1} themselves when {@code order} is null), added in
   * that order from 0: sixteen columns at a time (a cache line of floats) into sixteen running sums,
   * so each element is one load and one add and no sum goes through memory. C2 does not vectorise
   * the row-by-row form {@code out[j] += m[r·cols + j]}: its load and store use different offsets
   * into arrays that might be one.
   */
  static void sumRows(
      double[] m, int cols, int[] order, int from, int to, double[] out, int outAt) {
    int j = 0;
    for (; j + 16 <= cols; j += 16) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double s4 = 0;
      double s5 = 0;
      double s6 = 0;
      double s7 = 0;
      double s8 = 0;
      double s9 = 0;
      double s10 = 0;
      double s11 = 0;
      double s12 = 0;
      double s13 = 0;
      double s14 = 0;
      double s15 = 0;
      for (int k = from; k < to; k++) {
        int at = (order == null ? k : order[k]) * cols + j;
        s0 += m[at];
        s1 += m[at + 1];
        s2 += m[at + 2];
        s3 += m[at + 3];
        s4 += m[at + 4];
        s5 += m[at + 5];
        s6 += m[at + 6];
        s7 += m[at + 7];
        s8 += m[at + 8];
        s9 += m[at + 9];
        s10 += m[at + 10];
        s11 += m[at + 11];
        s12 += m[at + 12];
        s13 += m[at + 13];
        s14 += m[at + 14];
        s15 += m[at + 15];
      }
      int o = outAt + j;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
      out[o + 4] = s4;
      out[o + 5] = s5;
      out[o + 6] = s6;
      out[o + 7] = s7;
      out[o + 8] = s8;
      out[o + 9] = s9;
      out[o + 10] = s10;
      out[o + 11] = s11;
      out[o + 12] = s12;
      out[o + 13] = s13;
      out[o + 14] = s14;
      out[o + 15] = s15;
    }
    for (; j < cols; j++) {
      double sum = 0;
      for (int k = from; k < to; k++) {
        sum += m[(order == null ? k : order[k]) * cols + j];
      }
      out[outAt + j] = sum;
    }
  }
}
