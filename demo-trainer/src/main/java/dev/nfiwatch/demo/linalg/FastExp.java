package dev.nfiwatch.demo.linalg;

/**
 * {@code exp(x)} for the softmax's arguments {@code x = z − max ≤ 0}, inlined by the JIT into the
 * row loops of {@link ElementKernels} (the float softmax of a reference step took 1.6 ms with it
 * against 2.3 ms with the {@code Math.exp} intrinsic, BENCHMARKS.md). Made only of operations IEEE 754
 * rounds exactly (fused multiply-adds, products, bit moves), so it gives the same bits on every JVM
 * and machine, interpreted or compiled.
 *
 * <p>Range reduction {@code x = n·ln 2 + r}, {@code |r| ≤ ln 2 / 2}, then {@code 2ⁿ · e^r} scaled
 * in two halves so that results in the subnormal range are rounded once. Float: a degree-7
 * minimax form (Cephes' {@code expf} coefficients), within 1 ulp of {@code (float) Math.exp(x)};
 * double: the Taylor series to degree 12, within 2 ulp of {@code Math.exp}. Arguments below the
 * format's underflow give +0, NaN gives NaN; positive arguments are outside the contract.
 */
public final class FastExp {

  static final float F_LOG2E = 0x1.715476p0f;
  static final float F_LN2_HI = 0x1.62e43p-1f;
  static final float F_LN2_LO = -0x1.05c610p-29f;
  /** 1.5 · 2²³: adding it rounds to an integer that sits in the low mantissa bits. */
  static final float F_SHIFT = 0x1.8p23f;
  static final int F_SHIFT_BITS = Float.floatToRawIntBits(F_SHIFT);
  /** Below this every float result rounds to +0 (e^−104 &lt; 2^−150). */
  static final float F_FLOOR = -104f;
  static final float F_P0 = 1.9875691500e-4f;
  static final float F_P1 = 1.3981999507e-3f;
  static final float F_P2 = 8.3334519073e-3f;
  static final float F_P3 = 4.1665795894e-2f;
  static final float F_P4 = 1.6666665459e-1f;
  static final float F_P5 = 5.0000001201e-1f;

  static final double D_LOG2E = 0x1.71547652b82fep0;
  static final double D_LN2_HI = 0x1.62e42fefa39efp-1;
  static final double D_LN2_LO = 0x1.abc9e3b39803fp-56;
  /** 1.5 · 2⁵²: adding it rounds to an integer that sits in the low mantissa bits. */
  static final double D_SHIFT = 0x1.8p52;
  static final long D_SHIFT_BITS = Double.doubleToRawLongBits(D_SHIFT);
  /** Below this every double result rounds to +0 (e^−746 &lt; 2^−1075). */
  static final double D_FLOOR = -746.0;
  /** 1/k! for k = 2…12 (each k! is exact in double, so each entry is correctly rounded). */
  static final double[] D_TAYLOR = taylor();

  private FastExp() {}

  /** {@code e^x} in float for {@code x ≤ 0}. */
  public static float exp(float x) {
    float xc = Math.max(x, F_FLOOR);
    float shifted = Math.fma(xc, F_LOG2E, F_SHIFT);
    int n = Float.floatToRawIntBits(shifted) - F_SHIFT_BITS;
    float minusN = F_SHIFT - shifted;
    float r = Math.fma(minusN, F_LN2_HI, xc);
    r = Math.fma(minusN, F_LN2_LO, r);
    float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(F_P0, r, F_P1), r, F_P2), r, F_P3), r,
        F_P4), r, F_P5);
    float er = Math.fma(r * r, p, r) + 1f;
    int half = n >> 1;
    return er * Float.intBitsToFloat((half + 127) << 23)
        * Float.intBitsToFloat((n - half + 127) << 23);
  }

  /** {@code e^x} in double for {@code x ≤ 0}. */
  public static double exp(double x) {
    double xc = Math.max(x, D_FLOOR);
    double shifted = Math.fma(xc, D_LOG2E, D_SHIFT);
    long n = Double.doubleToRawLongBits(shifted) - D_SHIFT_BITS;
    double minusN = D_SHIFT - shifted;
    double r = Math.fma(minusN, D_LN2_HI, xc);
    r = Math.fma(minusN, D_LN2_LO, r);
    double[] c = D_TAYLOR;
    double p = c[10];
    for (int k = 9; k >= 0; k--) {
      p = Math.fma(p, r, c[k]);
    }
    double er = Math.fma(r * r, p, r) + 1.0;
    long half = n >> 1;
    return er * Double.longBitsToDouble((half + 1023) << 52)
        * Double.longBitsToDouble((n - half + 1023) << 52);
  }

  private static double[] taylor() {
    double[] c = new double[11];
    double factorial = 1;
    for (int k = 2; k <= 12; k++) {
      factorial *= k;
      c[k - 2] = 1.0 / factorial;
    }
    return c;
  }
}
