package dev.nfiwatch.agent.nfi;

/**
 * How close the logits are to losing their gaps: {@code ulp(max |z|) / median gap}.
 *
 * <p>NFI inflates the common part of the logits while their differences stay put. Once the spacing
 * of representable numbers at the largest logit (in the training format) approaches the typical gap
 * between the correct logit and its best competitor, gaps lose bits, gradients turn noisy and the
 * loss spikes. The ratio is read from the logits alone and is far below 1 in healthy training.
 */
public final class LogitResolution {

  private LogitResolution() {}

  /**
   * The spacing of a format's numbers at {@code x}: {@code 2u · 2^exponent(x)} for the format's unit
   * roundoff {@code u} (2^-24 for float, 2^-53 for double, 2^-8 for bfloat16); NaN for a value that
   * is not finite.
   */
  public static double ulp(double unitRoundoff, double x) {
    if (!Double.isFinite(x)) {
      return Double.NaN;
    }
    double magnitude = Math.abs(x);
    if (magnitude < Double.MIN_NORMAL) {
      return Double.MIN_VALUE;
    }
    return Math.scalb(2 * unitRoundoff, Math.getExponent(magnitude));
  }

  /**
   * @param unitRoundoff the unit roundoff of the format the logits are computed in
   * @param maxAbsLogit the largest |logit| of the batch
   * @param medianGap the batch's median gap (correct logit minus best other)
   * @return the ratio, or NaN when the gap is not positive or a value is not finite
   */
  public static double ratio(double unitRoundoff, double maxAbsLogit, double medianGap) {
    if (!(medianGap > 0) || !Double.isFinite(medianGap)) {
      return Double.NaN;
    }
    return ulp(unitRoundoff, maxAbsLogit) / medianGap;
  }
}
