package dev.nfiwatch.agent.nfi;

/**
 * Restores the zero-sum of softmax cross-entropy gradients in place, sample by sample.
 *
 * <pre>{@code
 * int repaired = ZeroSumRepair.repair(gradLogits, labels, classes, ZeroSumRepair.threshold(FloatFormat.FP32));
 * }</pre>
 *
 * <p>Once absorption rounds {@code 1 + s} to 1, a sample's correct-class entry {@code p_c − 1} loses
 * the tiny true gradient (all of it when absorbed, some bits when partially absorbed) and the row no
 * longer sums to zero; that bias is what drives Numerical Feature Inflation. For each sample whose
 * relative residual {@code |Σ_k g_k| / (½ Σ_k |g_k|)} exceeds the rounding level, the correct-class
 * entry is rewritten as {@code −Σ_{j≠c} g_j}, summed in double (Neumaier-compensated for double
 * gradients). The rule holds for either sign convention ({@code p − onehot} or {@code onehot − p})
 * and for any scaling of the rows. Samples at rounding level, dead samples (all zeros) and rows with
 * a label out of range are left bit for bit as they were. No allocation.
 */
public final class ZeroSumRepair {

  /** How many unit roundoffs of relative residual count as ordinary rounding. */
  public static final double ROUNDING_ULPS = 8;

  private ZeroSumRepair() {}

  /** The relative residual above which a sample of {@code format} is repaired: 8 u. */
  public static double threshold(FloatFormat format) {
    return ROUNDING_ULPS * format.unitRoundoff();
  }

  /**
   * Repairs a {@code float} gradient, batch × classes row-major.
   *
   * @param gradient the gradient on the logits, rewritten in place
   * @param labels the correct class of each sample; the batch size is {@code labels.length}
   * @param classes the number of classes per sample
   * @param relativeThreshold the relative residual above which a sample is repaired
   * @return how many samples had their correct-class entry changed
   */
  public static int repair(float[] gradient, int[] labels, int classes, double relativeThreshold) {
    int repaired = 0;
    int batch = Math.min(labels.length, gradient.length / classes);
    for (int i = 0; i < batch; i++) {
      int row = i * classes;
      int label = labels[i];
      if (label < 0 || label >= classes) {
        continue;
      }
      double others = 0;
      double absolute = 0;
      for (int k = 0; k < classes; k++) {
        double g = gradient[row + k];
        absolute += Math.abs(g);
        if (k != label) {
          others += g;
        }
      }
      float correct = gradient[row + label];
      double residual = others + correct;
      if (Math.abs(residual) > relativeThreshold * 0.5 * absolute) {
        float replacement = (float) -others;
        if (Float.floatToRawIntBits(replacement) != Float.floatToRawIntBits(correct)) {
          gradient[row + label] = replacement;
          repaired++;
        }
      }
    }
    return repaired;
  }

  /**
   * Repairs a {@code double} gradient, batch × classes row-major, with compensated sums.
   *
   * @param gradient the gradient on the logits, rewritten in place
   * @param labels the correct class of each sample; the batch size is {@code labels.length}
   * @param classes the number of classes per sample
   * @param relativeThreshold the relative residual above which a sample is repaired
   * @return how many samples had their correct-class entry changed
   */
  public static int repair(double[] gradient, int[] labels, int classes, double relativeThreshold) {
    int repaired = 0;
    int batch = Math.min(labels.length, gradient.length / classes);
    for (int i = 0; i < batch; i++) {
      int row = i * classes;
      int label = labels[i];
      if (label < 0 || label >= classes) {
        continue;
      }
      double all = 0;
      double allError = 0;
      double others = 0;
      double othersError = 0;
      double absolute = 0;
      for (int k = 0; k < classes; k++) {
        double g = gradient[row + k];
        absolute += Math.abs(g);
        double t = all + g;
        allError += Math.abs(all) >= Math.abs(g) ? (all - t) + g : (g - t) + all;
        all = t;
        if (k != label) {
          t = others + g;
          othersError += Math.abs(others) >= Math.abs(g) ? (others - t) + g : (g - t) + others;
          others = t;
        }
      }
      double residual = all + allError;
      double correct = gradient[row + label];
      if (Math.abs(residual) > relativeThreshold * 0.5 * absolute) {
        double replacement = -(others + othersError);
        if (Double.doubleToRawLongBits(replacement) != Double.doubleToRawLongBits(correct)) {
          gradient[row + label] = replacement;
          repaired++;
        }
      }
    }
    return repaired;
  }
}
