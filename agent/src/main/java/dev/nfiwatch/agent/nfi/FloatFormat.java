package dev.nfiwatch.agent.nfi;

import java.util.Locale;

/**
 * The training number format, as far as NFI cares: its precision (significand bits).
 *
 * <p>The resolution of the logits and the rounding level of a gradient depend on the format the
 * trainer computes in, not on the Java array type that carries the numbers: a bf16 trainer keeps its
 * values in {@code float[]}.
 */
public enum FloatFormat {
  /** IEEE binary32, 24 significand bits. */
  FP32(24),
  /** IEEE binary64, 53 significand bits. */
  FP64(53),
  /** bfloat16, 8 significand bits. */
  BF16(8),
  /** IEEE binary16, 11 significand bits. */
  FP16(11);

  private final int precision;

  FloatFormat(int precision) {
    this.precision = precision;
  }

  /** The unit roundoff {@code u = 2^-precision}. */
  public double unitRoundoff() {
    return Math.scalb(1.0, -precision);
  }

  /**
   * The spacing of this format's numbers at {@code x} (the unit in the last place), computed from
   * {@code x}'s binary exponent; NaN for a value that is not finite.
   */
  public double ulp(double x) {
    if (!Double.isFinite(x)) {
      return Double.NaN;
    }
    double magnitude = Math.abs(x);
    if (magnitude < Double.MIN_NORMAL) {
      return Math.ulp(0.0);
    }
    return Math.scalb(1.0, Math.getExponent(magnitude) - (precision - 1));
  }

  /**
   * Parses {@code fp32}, {@code fp64}, {@code bf16} or {@code fp16}, also as {@code float32},
   * {@code float}, {@code float64}, {@code double}, {@code bfloat16}, {@code float16}, {@code half}.
   *
   * @throws IllegalArgumentException naming the accepted values for anything else
   */
  public static FloatFormat parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "fp32":
      case "float32":
      case "float":
        return FP32;
      case "fp64":
      case "float64":
      case "double":
        return FP64;
      case "bf16":
      case "bfloat16":
        return BF16;
      case "fp16":
      case "float16":
      case "half":
        return FP16;
      default:
        throw new IllegalArgumentException(
            "number format must be fp32, fp64, bf16 or fp16, got '" + text + "'");
    }
  }
}
