package dev.nfiwatch.agent.analysis;

/**
 * The analysis kernel for {@code double} logits and gradients: as {@link FloatKernel}, with the
 * residual compensated so that the measurement's own rounding cannot hide partial absorption. Not
 * thread-safe.
 */
final class DoubleKernel {

  /** The start of each compensated lane of {@link #row} (a power of two). */
  private static final double OFFSET = 4;

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
    double[] logitsFlat = logits instanceof double[] ? (double[]) logits : null;
    double[][] logitRows = logitsFlat == null ? (double[][]) logits : null;
    double[] gradFlat = gradient instanceof double[] ? (double[]) gradient : null;
    double[][] gradRows = gradFlat == null ? (double[][]) gradient : null;
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
      double[] z = logitsFlat != null ? logitsFlat : logitRows[i];
      int zo = logitsFlat != null ? i * classes : 0;
      double[] g = gradFlat != null ? gradFlat : gradRows[i];
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
   * The kernel over one double row: as {@link FloatKernel}'s, with the logit sum in double and the
   * residual compensated, so that the measurement's own rounding cannot hide partial absorption.
   * Each lane starts at {@link #OFFSET}: while the wrong-class mass is at most {@code OFFSET / 2},
   * every term is smaller than its lane, so the lane's rounding error is exactly {@code g − (t −
   * s)} (Dekker's FastTwoSum: three operations instead of TwoSum's six) and the lanes less their
   * offset are exact. The error terms accumulate as {@link FusedAdd}s. A row with more mass (a
   * gradient that is not a per-sample softmax gradient) is summed again by {@link #exactRowSum}.
   */
  private void row(double[] z, int zo, double[] g, int go, int classes, int c) {
    double sum0 = OFFSET;
    double sum1 = OFFSET;
    double sum2 = OFFSET;
    double sum3 = OFFSET;
    double err0 = 0;
    double err1 = 0;
    double err2 = 0;
    double err3 = 0;
    double zSum0 = 0;
    double zSum1 = 0;
    double zSum2 = 0;
    double zSum3 = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = logitMin;
    for (int run = 0; run < 2; run++) {
      int k = run == 0 ? 0 : c + 1;
      int to = run == 0 ? c : classes;
      for (int end = to - 7; k < end; k += 8) {
        {
          double g0 = g[go + k + 0];
          double g1 = g[go + k + 1];
          double g2 = g[go + k + 2];
          double g3 = g[go + k + 3];
          double z0 = z[zo + k + 0];
          double z1 = z[zo + k + 1];
          double z2 = z[zo + k + 2];
          double z3 = z[zo + k + 3];
          double t0 = sum0 + g0;
          double t1 = sum1 + g1;
          double t2 = sum2 + g2;
          double t3 = sum3 + g3;
          err0 = FusedAdd.add(err0, FusedAdd.subtract(g0, t0 - sum0));
          err1 = FusedAdd.add(err1, FusedAdd.subtract(g1, t1 - sum1));
          err2 = FusedAdd.add(err2, FusedAdd.subtract(g2, t2 - sum2));
          err3 = FusedAdd.add(err3, FusedAdd.subtract(g3, t3 - sum3));
          sum0 = t0;
          sum1 = t1;
          sum2 = t2;
          sum3 = t3;
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
          double g0 = g[go + k + 4];
          double g1 = g[go + k + 5];
          double g2 = g[go + k + 6];
          double g3 = g[go + k + 7];
          double z0 = z[zo + k + 4];
          double z1 = z[zo + k + 5];
          double z2 = z[zo + k + 6];
          double z3 = z[zo + k + 7];
          double t0 = sum0 + g0;
          double t1 = sum1 + g1;
          double t2 = sum2 + g2;
          double t3 = sum3 + g3;
          err0 = FusedAdd.add(err0, FusedAdd.subtract(g0, t0 - sum0));
          err1 = FusedAdd.add(err1, FusedAdd.subtract(g1, t1 - sum1));
          err2 = FusedAdd.add(err2, FusedAdd.subtract(g2, t2 - sum2));
          err3 = FusedAdd.add(err3, FusedAdd.subtract(g3, t3 - sum3));
          sum0 = t0;
          sum1 = t1;
          sum2 = t2;
          sum3 = t3;
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
        double g0 = g[go + k];
        double z0 = z[zo + k];
        double t0 = sum0 + g0;
        err0 += g0 - (t0 - sum0);
        sum0 = t0;
        zSum0 += z0;
        max = z0 > max ? z0 : max;
        min = z0 < min ? z0 : min;
      }
    }
    double gc = g[go + c];
    double zc = z[zo + c];
    // Exact: each lane is OFFSET plus at most the mass, within [OFFSET / 2, 2 · OFFSET].
    double high = ((sum0 - OFFSET) + (sum1 - OFFSET)) + ((sum2 - OFFSET) + (sum3 - OFFSET));
    double low = (err0 + err1) + (err2 + err3);
    double wrong = high + low;
    double mass = signsAgree ? Math.abs(wrong) : wrongMass(g, go, classes, c);
    if (mass > OFFSET / 2) {
      exactRowSum(g, go, classes, c);
    } else {
      rowWrongSum = wrong;
      rowSum = twoSumTotal(high, gc, low);
    }
    rowWrongMass = mass;
    rowLogitSum = (zSum0 + zSum1) + (zSum2 + zSum3) + zc;
    rowMaxOther = max;
    rowMax = zc > max ? zc : max;
    logitMin = zc < min ? zc : min;
  }

  /** {@code high + gc + low}, with the rounding error of {@code high + gc} kept (TwoSum). */
  private static double twoSumTotal(double high, double gc, double low) {
    double total = high + gc;
    double b = total - high;
    return total + (low + ((high - (total - b)) + (gc - b)));
  }

  /**
   * The slow path of {@link #row} for rows whose wrong-class mass exceeds {@code OFFSET / 2}:
   * the wrong-class sum and the residual by TwoSum over every term.
   */
  private void exactRowSum(double[] g, int go, int classes, int c) {
    double sum = 0;
    double err = 0;
    for (int k = 0; k < classes; k++) {
      double x = k == c ? 0 : g[go + k];
      double t = sum + x;
      double b = t - sum;
      err += (sum - (t - b)) + (x - b);
      sum = t;
    }
    rowWrongSum = sum + err;
    rowSum = twoSumTotal(sum, g[go + c], err);
  }

  /**
   * Whether the wrong-class entries of a gradient row all share one sign (zeros aside); see {@link
   * FloatKernel}'s.
   */
  private static boolean wrongSignsAgree(double[] g, int go, int classes, int c) {
    boolean positive = false;
    boolean negative = false;
    for (int k = 0; k < classes; k++) {
      positive |= k != c && g[go + k] > 0;
      negative |= k != c && g[go + k] < 0;
    }
    return !(positive && negative);
  }

  private static double wrongMass(double[] g, int go, int classes, int c) {
    double mass = 0;
    for (int k = 0; k < classes; k++) {
      mass += k == c ? 0 : Math.abs(g[go + k]);
    }
    return mass;
  }

  private static double lossFromLogits(double[] z, int zo, int classes, int c, double max) {
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      sum += Math.exp(z[zo + k] - max);
    }
    return Math.log(sum) + max - z[zo + c];
  }

  private static int countNonFinite(double[] z, int zo, double[] g, int go, int classes) {
    int count = 0;
    for (int k = 0; k < classes; k++) {
      count += Double.isFinite(z[zo + k]) ? 0 : 1;
      count += Double.isFinite(g[go + k]) ? 0 : 1;
    }
    return count;
  }
}
