package dev.nfiwatch.agent.nfi;

/**
 * Restores the zero-sum of softmax cross-entropy gradients in place, sample by sample.
 *
 * <pre>{@code
 * int repaired = ZeroSumRepair.repair(gradLogits, labels, classes, 64 * classes * 0x1p-24);
 * }</pre>
 *
 * <p>Once absorption rounds {@code 1 + s} to 1, a sample's correct-class entry {@code p_c − 1} loses
 * the tiny true gradient (all of it when absorbed, some bits when partially absorbed) and the row no
 * longer sums to zero; that bias is what drives Numerical Feature Inflation. For each sample whose
 * relative residual {@code |Σ_k g_k| / Σ_{j≠c} |g_j|} (the residual over the wrong-class mass, 1 for
 * an absorbed sample, as the agent's analysis measures it) exceeds the given rounding level, the
 * correct-class entry is rewritten as {@code −Σ_{j≠c} g_j}, summed in double (Neumaier-compensated
 * for double gradients). The rule holds for either sign convention ({@code p − onehot} or {@code
 * onehot − p}) and for any scaling of the rows. Samples at rounding level, dead samples (all zeros)
 * and rows with a label out of range are left bit for bit as they were. No allocation.
 */
public final class ZeroSumRepair {

  private ZeroSumRepair() {}

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
      if (repairRow(gradient, i * classes, classes, labels[i], relativeThreshold)) {
        repaired++;
      }
    }
    return repaired;
  }

  /**
   * Repairs a {@code double} gradient, batch × classes row-major, with compensated sums.
   *
   * @return how many samples had their correct-class entry changed
   * @see #repair(float[], int[], int, double)
   */
  public static int repair(double[] gradient, int[] labels, int classes, double relativeThreshold) {
    int repaired = 0;
    int batch = Math.min(labels.length, gradient.length / classes);
    for (int i = 0; i < batch; i++) {
      if (repairRow(gradient, i * classes, classes, labels[i], relativeThreshold)) {
        repaired++;
      }
    }
    return repaired;
  }

  /**
   * Repairs one sample's row of a {@code float} gradient.
   *
   * @param gradient the array holding the row
   * @param offset the index of the row's first entry
   * @param classes the row's length
   * @param label the correct class (rows with a label outside {@code [0, classes)} are skipped)
   * @param relativeThreshold the relative residual above which the row is repaired
   * @return whether the correct-class entry changed
   */
  public static boolean repairRow(
      float[] gradient, int offset, int classes, long label, double relativeThreshold) {
    if (label < 0 || label >= classes) {
      return false;
    }
    int correctAt = offset + (int) label;
    double others = 0;
    double wrongMass = 0;
    for (int at = offset, end = offset + classes; at < end; at++) {
      if (at != correctAt) {
        double g = gradient[at];
        wrongMass += Math.abs(g);
        others += g;
      }
    }
    float correct = gradient[correctAt];
    if (!(Math.abs(others + correct) > relativeThreshold * wrongMass)) {
      return false;
    }
    float replacement = (float) -others;
    if (Float.floatToRawIntBits(replacement) == Float.floatToRawIntBits(correct)) {
      return false;
    }
    gradient[correctAt] = replacement;
    return true;
  }

  /**
   * Repairs one sample's row of a {@code double} gradient, with Neumaier-compensated sums.
   *
   * @see #repairRow(float[], int, int, long, double)
   */
  public static boolean repairRow(
      double[] gradient, int offset, int classes, long label, double relativeThreshold) {
    if (label < 0 || label >= classes) {
      return false;
    }
    int correctAt = offset + (int) label;
    double all = 0;
    double allError = 0;
    double others = 0;
    double othersError = 0;
    double wrongMass = 0;
    for (int at = offset, end = offset + classes; at < end; at++) {
      double g = gradient[at];
      double t = all + g;
      allError += Math.abs(all) >= Math.abs(g) ? (all - t) + g : (g - t) + all;
      all = t;
      if (at != correctAt) {
        wrongMass += Math.abs(g);
        t = others + g;
        othersError += Math.abs(others) >= Math.abs(g) ? (others - t) + g : (g - t) + others;
        others = t;
      }
    }
    if (!(Math.abs(all + allError) > relativeThreshold * wrongMass)) {
      return false;
    }
    double correct = gradient[correctAt];
    double replacement = -(others + othersError);
    if (Double.doubleToRawLongBits(replacement) == Double.doubleToRawLongBits(correct)) {
      return false;
    }
    gradient[correctAt] = replacement;
    return true;
  }
}
