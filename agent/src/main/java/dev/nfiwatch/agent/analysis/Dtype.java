package dev.nfiwatch.agent.analysis;

/**
 * The number format a probe's softmax was computed in. It fixes the unit roundoff {@code u}, hence
 * the absorption threshold {@code ln(1/u)} on the logit gap and the rounding tolerance that separates
 * healthy from partially absorbed samples.
 */
public enum Dtype {
  /** bfloat16: 8 significant bits. */
  BF16("bf16", 0x1p-8),
  /** IEEE half precision: 11 significant bits. */
  FP16("fp16", 0x1p-11),
  /** IEEE single precision ({@code float}). */
  FP32("fp32", 0x1p-24),
  /** IEEE double precision ({@code double}). */
  FP64("fp64", 0x1p-53);

  private final String label;
  private final double unitRoundoff;
  private final double thresholdNats;

  Dtype(String label, double unitRoundoff) {
    this.label = label;
    this.unitRoundoff = unitRoundoff;
    this.thresholdNats = Math.log(1.0 / unitRoundoff);
  }

  /** The name used in configuration and in the {@code dtype} metric label, e.g. {@code fp32}. */
  public String label() {
    return label;
  }

  /** The unit roundoff {@code u} of the format. */
  public double unitRoundoff() {
    return unitRoundoff;
  }

  /** {@code ln(1/u)}: the logit gap in nats past which absorption sets in. */
  public double thresholdNats() {
    return thresholdNats;
  }

  /**
   * The format named {@code label} ({@code bf16}, {@code fp16}, {@code fp32}, {@code fp64}), or null.
   * Does not allocate, so the demo's {@code format} field can be resolved on every call.
   */
  public static Dtype fromLabel(String label) {
    if (label == null) {
      return null;
    }
    for (Dtype dtype : VALUES) {
      if (dtype.label.equals(label)) {
        return dtype;
      }
    }
    return null;
  }

  private static final Dtype[] VALUES = values();
}
