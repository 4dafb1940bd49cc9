package dev.nfiwatch.demo.loss;

/** Rounds float values to the nearest bfloat16 (round to nearest, ties to even), kept as float. */
public final class Bfloat16 {

  private Bfloat16() {}

  /** The bfloat16 value nearest to {@code x}, as a float; NaN and infinities pass through. */
  public static float round(float x) {
    if (Float.isNaN(x) || Float.isInfinite(x)) {
      return x;
    }
    int bits = Float.floatToRawIntBits(x);
    int lsb = (bits >>> 16) & 1;
    int rounded = bits + 0x7FFF + lsb;
    return Float.intBitsToFloat(rounded & 0xFFFF0000);
  }
}
