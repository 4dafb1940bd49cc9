package dev.nfiwatch.demo.linalg;

/**
 * {@code exp(x)} for the softmax's arguments {@code x = z − max ≤ 0}, inlined by the JIT into the
 * row loops of {@link ElementKernels} (the float softmax of a reference step took 1.6 ms with it
 * against 2.3 ms with the {@code Math.exp} intrinsic, BENCHMARKS.md). Made only of operations IEEE 754
 * rounds exactly (fused multiply-adds, products, bit moves), so it gives the same bits on every JVM
 * and machine, interpreted or compiled.
 *
 * <p>Range reduction {@code x = n·ln 2 + r}, {@code |r| ≤ ln 2 / 2}, then {@code 2ⁿ · e^r} scaled
 * in two halves {@code 2^h · 2^(n−h)}, {@code h ≈ n/2}, so that results in the subnormal range are
 * rounded once (the first product is exact, so any such {@code h} gives the same bits). The halves
 * are found in floating point: {@code h} as the low mantissa bits of a shifted float, moved into the
 * exponent field by one integer shift, so the Vector API form ({@link VectorElementKernels}) needs no
 * vector shift with its long call chain. Float: a degree-7
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
  /** {@link #F_SHIFT} plus the exponent bias: {@code F_BIASED + h} has bits {@code c + 127 + h}. */
  static final float F_BIASED = F_SHIFT + 127;
  /**
   * The exponent field's position; the shift also clears the {@link #F_BIASED}'s own bits above
   * the low mantissa (its lowest set bit is bit 22).
   */
  static final int F_EXPONENT_SHIFT = 23;
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
  /** {@link #D_SHIFT} plus the exponent bias, as {@link #F_BIASED}. */
  static final double D_BIASED = D_SHIFT + 1023;
  /** As {@link #F_EXPONENT_SHIFT} (the lowest set bit of {@link #D_BIASED} is bit 51). */
  static final int D_EXPONENT_SHIFT = 52;
  /** Below this every double result rounds to +0 (e^−746 &lt; 2^−1075). */
  static final double D_FLOOR = -746.0;
  /** 1/k! for k = 2…12 (each k! is exact in double, so each entry is correctly rounded). */
  static final double[] D_TAYLOR = taylor();

  private FastExp() {}

  /** {@code e^x} in float for {@code x ≤ 0}. */
  public static float exp(float x) {
    float xc = Math.max(x, F_FLOOR);
    float shifted = Math.fma(xc, F_LOG2E, F_SHIFT);
    float minusN = F_SHIFT - shifted;
    float r = Math.fma(minusN, F_LN2_HI, xc);
    r = Math.fma(minusN, F_LN2_LO, r);
    float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(F_P0, r, F_P1), r, F_P2), r, F_P3), r,
        F_P4), r, F_P5);
    float er = Math.fma(r * r, p, r) + 1f;
    float high = Math.fma(minusN, -0.5f, F_BIASED);
    float low = (shifted - high) + (F_BIASED + 127);
    return er * powerOfTwo(high) * powerOfTwo(low);
  }

  /** {@code e^x} in double for {@code x ≤ 0}. */
  public static double exp(double x) {
    double xc = Math.max(x, D_FLOOR);
    double shifted = Math.fma(xc, D_LOG2E, D_SHIFT);
    double minusN = D_SHIFT - shifted;
    double r = Math.fma(minusN, D_LN2_HI, xc);
    r = Math.fma(minusN, D_LN2_LO, r);
    double[] c = D_TAYLOR;
    double p = c[10];
    for (int k = 9; k >= 0; k--) {
      p = Math.fma(p, r, c[k]);
    }
    double er = Math.fma(r * r, p, r) + 1.0;
    double high = Math.fma(minusN, -0.5, D_BIASED);
    double low = (shifted - high) + (D_BIASED + 1023);
    return er * powerOfTwo(high) * powerOfTwo(low);
  }

  /** {@code 2^h} for {@code biased = F_BIASED + h}, {@code −126 ≤ h ≤ 0}. */
  private static float powerOfTwo(float biased) {
    return Float.intBitsToFloat(Float.floatToRawIntBits(biased) << F_EXPONENT_SHIFT);
  }

  /** {@code 2^h} for {@code biased = D_BIASED + h}, {@code −1022 ≤ h ≤ 0}. */
  private static double powerOfTwo(double biased) {
    return Double.longBitsToDouble(Double.doubleToRawLongBits(biased) << D_EXPONENT_SHIFT);
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
