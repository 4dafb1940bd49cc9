package dev.nfiwatch.agent.analysis;

/**
 * The analysis kernel for {@code float} logits and gradients: one pass over each row, reading
 * every value once, that yields the row sums {@link SampleClassifier} classifies. One of two
 * kernels (see {@link DoubleKernel}); they differ in how the residual is summed, not in what it
 * means. Not thread-safe.
 */
final class FloatKernel {

  private boolean signsAgree;
  private double logitMin;

  // Results of the kernel over the current row.
  private double rowSum;
  private double rowWrongSum;
  private double rowWrongMass;
  private double rowLogitSum;
  private double rowMax;
  private double rowMaxOther;

  /**
   * Runs the kernel over every row of one call laid out as {@code layout} says, and hands each row
   * to {@code classifier}.
   */
  void pass(
      Object logits,
      Object gradient,
      BatchLayout layout,
      SampleClassifier classifier,
      BatchStats out) {
    int batch = layout.batch();
    int classes = layout.classes();
    float[] logitsFlat = logits instanceof float[] ? (float[]) logits : null;
    float[][] logitRows = logitsFlat == null ? (float[][]) logits : null;
    float[] gradFlat = gradient instanceof float[] ? (float[]) gradient : null;
    float[][] gradRows = gradFlat == null ? (float[][]) gradient : null;
    int[] index = layout.labels();
    int last = batch - 1;
    signsAgree =
        wrongSignsAgree(gradFlat != null ? gradFlat : gradRows[0], 0, classes, index[0])
            && wrongSignsAgree(
                gradFlat != null ? gradFlat : gradRows[last],
                gradFlat != null ? last * classes : 0,
                classes,
                index[last]);
    logitMin = Double.POSITIVE_INFINITY;
    for (int i = 0; i < batch; i++) {
      float[] z = logitsFlat != null ? logitsFlat : logitRows[i];
      int zo = logitsFlat != null ? i * classes : 0;
      float[] g = gradFlat != null ? gradFlat : gradRows[i];
      int go = gradFlat != null ? i * classes : 0;
      int c = index[i];
      row(z, zo, g, go, classes, c);
      int bad = 0;
      if (!(Double.isFinite(rowSum) && Double.isFinite(rowLogitSum))) {
        bad = countNonFinite(z, zo, g, go, classes);
      }
      double zc = z[zo + c];
      double loss =
          classifier.sample(
              i, bad, zc, g[go + c], rowSum, rowWrongSum, rowWrongMass, rowLogitSum, rowMax,
              rowMaxOther, out);
      if (loss != loss && bad == 0) {
        loss = lossFromLogits(z, zo, classes, c, rowMax);
      }
      classifier.addLoss(bad, loss);
    }
    classifier.logitMin(logitMin);
  }

  /**
   * The kernel over one float row, read once: the residual {@code Σ g} in double in four lanes (the
   * measurement must not round away partial absorption; any order of summation is exact enough for
   * float terms), the logit sum in float (it only feeds a mean, where a relative error of {@code K ·
   * 2^-24} is harmless), the largest logit other than the correct one and the smallest logit of the
   * call. The row is walked as the two runs around the correct class, so the largest competitor is
   * a plain running maximum; the smallest logit runs over the whole call, so it rarely changes and
   * its branch is predictable. The logit sums are {@link FusedAdd}s: they run beside the residual's
   * additions. The wrong-class mass is {@code |Σ_{j≠c} g_j|} when the call's wrong-class entries
   * share one sign (see {@link #wrongSignsAgree}), else a second walk over the row.
   */
  private void row(float[] z, int zo, float[] g, int go, int classes, int c) {
    double sum0 = 0;
    double sum1 = 0;
    double sum2 = 0;
    double sum3 = 0;
    float zSum0 = 0;
    float zSum1 = 0;
    float zSum2 = 0;
    float zSum3 = 0;
    float max = Float.NEGATIVE_INFINITY;
    float min = (float) logitMin;
    for (int run = 0; run < 2; run++) {
      int k = run == 0 ? 0 : c + 1;
      int to = run == 0 ? c : classes;
      // Counted loop (k < end, not k + 7 < to) so that C2 drops the range checks; two groups of
      // four lanes per iteration halve the loop's own branches.
      for (int end = to - 7; k < end; k += 8) {
        {
          float g0 = g[go + k + 0];
          float g1 = g[go + k + 1];
          float g2 = g[go + k + 2];
          float g3 = g[go + k + 3];
          float z0 = z[zo + k + 0];
          float z1 = z[zo + k + 1];
          float z2 = z[zo + k + 2];
          float z3 = z[zo + k + 3];
          sum0 += g0;
          sum1 += g1;
          sum2 += g2;
          sum3 += g3;
          zSum0 = FusedAdd.add(zSum0, z0);
          zSum1 = FusedAdd.add(zSum1, z1);
          zSum2 = FusedAdd.add(zSum2, z2);
          zSum3 = FusedAdd.add(zSum3, z3);
          max = z0 > max ? z0 : max;
          max = z1 > max ? z1 : max;
          max = z2 > max ? z2 : max;
          max = z3 > max ? z3 : max;
          min = z0 < min ? z0 : min;
          min = z1 < min ? z1 : min;
          min = z2 < min ? z2 : min;
          min = z3 < min ? z3 : min;
        }
        {
          float g0 = g[go + k + 4];
          float g1 = g[go + k + 5];
          float g2 = g[go + k + 6];
          float g3 = g[go + k + 7];
          float z0 = z[zo + k + 4];
          float z1 = z[zo + k + 5];
          float z2 = z[zo + k + 6];
          float z3 = z[zo + k + 7];
          sum0 += g0;
          sum1 += g1;
          sum2 += g2;
          sum3 += g3;
          zSum0 = FusedAdd.add(zSum0, z0);
          zSum1 = FusedAdd.add(zSum1, z1);
          zSum2 = FusedAdd.add(zSum2, z2);
          zSum3 = FusedAdd.add(zSum3, z3);
          max = z0 > max ? z0 : max;
          max = z1 > max ? z1 : max;
          max = z2 > max ? z2 : max;
          max = z3 > max ? z3 : max;
          min = z0 < min ? z0 : min;
          min = z1 < min ? z1 : min;
          min = z2 < min ? z2 : min;
          min = z3 < min ? z3 : min;
        }
      }
      for (; k < to; k++) {
        float g0 = g[go + k];
        float z0 = z[zo + k];
        sum0 += g0;
        zSum0 += z0;
        max = z0 > max ? z0 : max;
        min = z0 < min ? z0 : min;
      }
    }
    float gc = g[go + c];
    float zc = z[zo + c];
    double wrong = (sum0 + sum1) + (sum2 + sum3);
    rowWrongSum = wrong;
    rowSum = wrong + gc;
    rowWrongMass = signsAgree ? Math.abs(wrong) : wrongMass(g, go, classes, c);
    rowLogitSum = (double) ((zSum0 + zSum1) + (zSum2 + zSum3)) + zc;
    rowMaxOther = max;
    rowMax = zc > max ? zc : max;
    logitMin = zc < min ? zc : min;
  }

  /**
   * Whether the wrong-class entries of a gradient row all share one sign (zeros aside), as those of
   * a softmax cross-entropy gradient do ({@code p_j ≥ 0}, negated for {@code y − p}); then the
   * wrong-class mass is the magnitude of their sum, which the kernel already has. Checked on the
   * first and last row of each call; a gradient of another kind (label smoothing…) costs a second
   * walk over each row for its mass.
   */
  private static boolean wrongSignsAgree(float[] g, int go, int classes, int c) {
    boolean positive = false;
    boolean negative = false;
    for (int k = 0; k < classes; k++) {
      positive |= k != c && g[go + k] > 0;
      negative |= k != c && g[go + k] < 0;
    }
    return !(positive && negative);
  }

  /** {@code Σ_{j≠c} |g_j|}, for calls whose wrong-class entries differ in sign. */
  private static double wrongMass(float[] g, int go, int classes, int c) {
    double mass = 0;
    for (int k = 0; k < classes; k++) {
      mass += k == c ? 0 : Math.abs(g[go + k]);
    }
    return mass;
  }

  /** {@code log Σ_k exp(z_k − max) + max − z_c}: the rare fallback for a badly wrong sample. */
  private static double lossFromLogits(float[] z, int zo, int classes, int c, double max) {
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      sum += Math.exp(z[zo + k] - max);
    }
    return Math.log(sum) + max - z[zo + c];
  }

  private static int countNonFinite(float[] z, int zo, float[] g, int go, int classes) {
    int count = 0;
    for (int k = 0; k < classes; k++) {
      count += Float.isFinite(z[zo + k]) ? 0 : 1;
      count += Float.isFinite(g[go + k]) ? 0 : 1;
    }
    return count;
  }
}
