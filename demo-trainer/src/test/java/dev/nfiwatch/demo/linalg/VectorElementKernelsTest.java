package dev.nfiwatch.demo.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorElementKernels} gives the bits of {@link ScalarElementKernels} (NaN as NaN) on
 * random rows: any length and offset (so whole vectors, tails and rows shorter than a vector),
 * logits far apart (exponentials that are subnormal or round to zero), subnormal, signed-zero,
 * infinite and NaN entries, and the best other of a row around ties and signed zeros. The build
 * runs the tests with {@code jdk.incubator.vector}.
 */
class VectorElementKernelsTest {

  private static final int TRIALS = 4000;

  @BeforeAll
  static void vectorApiPresent() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    assumeTrue(VectorElementKernels.supported(), "no 256-bit vectors on this CPU");
  }

  @Test
  void theRunUsesTheVectorKernels() {
    assertThat(ElementKernels.KEY).isEqualTo("vector");
  }

  @Test
  void rowKernelsGiveTheScalarBits() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < TRIALS; trial++) {
      int n = random.nextInt(trial % 3 == 0 ? 300 : 41);
      int from = random.nextInt(9);
      double[] zd = row(random, from + n + random.nextInt(3), trial);
      float[] zf = new float[zd.length];
      for (int k = 0; k < zd.length; k++) {
        zf[k] = (float) zd[k];
      }
      String at = "trial " + trial + ", n = " + n + ", from = " + from;

      float maxF = ScalarElementKernels.max(zf, from, from + n);
      double maxD = ScalarElementKernels.max(zd, from, from + n);
      assertThat(bits(VectorElementKernels.max(zf, from, from + n))).as(at).isEqualTo(bits(maxF));
      assertThat(bits(VectorElementKernels.max(zd, from, from + n))).as(at).isEqualTo(bits(maxD));
      if (n > 0) {
        int target = from + new int[] {0, n - 1, random.nextInt(n)}[trial % 3];
        if (trial % 4 == 1) {
          int copy = from + random.nextInt(n);
          zf[copy] = maxF;
          zd[copy] = maxD;
        }
        assertThat(bits(VectorElementKernels.bestOther(zf, from, target, from + n))).as(at)
            .isEqualTo(bits(ScalarElementKernels.bestOther(zf, from, target, from + n)));
        assertThat(bits(VectorElementKernels.bestOther(zd, from, target, from + n))).as(at)
            .isEqualTo(bits(ScalarElementKernels.bestOther(zd, from, target, from + n)));
      }
      assertThat(bits(VectorElementKernels.sumExp(zf, from, n, maxF, new float[n]))).as(at)
          .isEqualTo(bits(ScalarElementKernels.sumExp(zf, from, n, maxF)));
      assertThat(bits(VectorElementKernels.sumExp(zd, from, n, maxD, new double[n]))).as(at)
          .isEqualTo(bits(ScalarElementKernels.sumExp(zd, from, n, maxD)));
      assertThat(bits(VectorElementKernels.sum(zf))).as(at)
          .isEqualTo(bits(ScalarElementKernels.sum(zf)));
      assertThat(bits(VectorElementKernels.sum(zd))).as(at)
          .isEqualTo(bits(ScalarElementKernels.sum(zd)));

      float[] pf = new float[zf.length];
      float[] qf = new float[zf.length];
      VectorElementKernels.softmax(zf, from, n, pf);
      ScalarElementKernels.softmax(zf, from, n, qf);
      assertThat(bits(pf)).as(at).isEqualTo(bits(qf));
      double[] pd = new double[zd.length];
      double[] qd = new double[zd.length];
      VectorElementKernels.softmax(zd, from, n, pd);
      ScalarElementKernels.softmax(zd, from, n, qd);
      assertThat(bits(pd)).as(at).isEqualTo(bits(qd));
    }
  }

  @Test
  void columnSumsGiveTheScalarBits() {
    SplittableRandom random = new SplittableRandom(12);
    for (int trial = 0; trial < TRIALS / 4; trial++) {
      int cols = 1 + random.nextInt(40);
      int rows = 1 + random.nextInt(6);
      double[] gd = row(random, rows * cols, trial + 1);
      float[] gf = new float[gd.length];
      for (int k = 0; k < gd.length; k++) {
        gf[k] = (float) gd[k];
      }
      String at = "trial " + trial + ", " + rows + " × " + cols;

      double[] vector = new double[cols];
      double[] scalar = new double[cols];
      VectorElementKernels.sumColumns(gf, rows, vector);
      ScalarElementKernels.sumColumns(gf, rows, scalar);
      assertThat(bits(vector)).as(at).isEqualTo(bits(scalar));
    }
  }

  @Test
  void bestOtherGivesTheScalarBitsAroundTiesAndSignedZeros() {
    SplittableRandom random = new SplittableRandom(14);
    float[] pool = {0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    for (int trial = 0; trial < TRIALS; trial++) {
      int n = 1 + random.nextInt(30);
      float[] zf = new float[n];
      double[] zd = new double[n];
      for (int k = 0; k < n; k++) {
        zf[k] = pool[random.nextInt(trial % 2 == 0 ? pool.length - 1 : pool.length)];
        zd[k] = zf[k];
      }
      for (int target = 0; target < n; target++) {
        String at = "trial " + trial + ", target " + target + " of " + n;
        assertThat(bits(VectorElementKernels.bestOther(zf, 0, target, n))).as(at)
            .isEqualTo(bits(ScalarElementKernels.bestOther(zf, 0, target, n)));
        assertThat(bits(VectorElementKernels.bestOther(zd, 0, target, n))).as(at)
            .isEqualTo(bits(ScalarElementKernels.bestOther(zd, 0, target, n)));
      }
    }
  }

  /** Gaussian values of a trial-dependent scale, with a few special values mixed in. */
  private static double[] row(SplittableRandom random, int length, int trial) {
    double scale = new double[] {1, 30, 300, 3000, 1e-310}[trial % 5];
    double[] specials = {
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1e-40, -1e-40,
      Double.MIN_VALUE, -Double.MAX_VALUE, 90, -90
    };
    double[] z = new double[length];
    for (int k = 0; k < length; k++) {
      z[k] = random.nextInt(trial % 2 == 0 ? 1000 : 20) == 0
          ? specials[random.nextInt(specials.length)]
          : random.nextGaussian() * scale;
    }
    return z;
  }

  private static int bits(float value) {
    return Float.floatToIntBits(value);
  }

  private static long bits(double value) {
    return Double.doubleToLongBits(value);
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int k = 0; k < values.length; k++) {
      bits[k] = bits(values[k]);
    }
    return bits;
  }

  private static long[] bits(double[] values) {
    long[] bits = new long[values.length];
    for (int k = 0; k < values.length; k++) {
      bits[k] = bits(values[k]);
    }
    return bits;
  }
}
