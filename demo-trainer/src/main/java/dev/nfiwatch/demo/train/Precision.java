package dev.nfiwatch.demo.train;

import java.util.Locale;

/** The training number formats, by their command-line and contract names. */
public enum Precision {
  /** Everything in float. */
  FP32,
  /** Everything in double. */
  FP64,
  /** Float training whose softmax probabilities are rounded to bfloat16. */
  BF16;

  /** The format string of the softmax cross-entropy contract: {@code fp32}, {@code fp64}, {@code bf16}. */
  public String format() {
    return name().toLowerCase(Locale.ROOT);
  }
}
