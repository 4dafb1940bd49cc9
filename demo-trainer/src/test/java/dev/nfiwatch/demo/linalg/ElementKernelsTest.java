package dev.nfiwatch.demo.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ElementKernels} against straightforward loops with {@code Math.exp}. */
class ElementKernelsTest {

  @Test
  void rowsMatchPlainLoopsWithMathExp() {
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 3000; trial++) {
      int n = 1 + random.nextInt(trial % 3 == 0 ? 200 : 40);
      int from = random.nextInt(9);
      double scale = new double[] {1, 30, 300, 3000}[trial % 4];
      float[] zf = new float[from + n];
      double[] zd = new double[from + n];
      for (int k = from; k < from + n; k++) {
        zd[k] = random.nextGaussian() * scale;
        zf[k] = (float) zd[k];
      }
      if (trial % 7 == 0) {
        int k = from + random.nextInt(n);
        zf[k] = Float.NEGATIVE_INFINITY;
        zd[k] = Double.NEGATIVE_INFINITY;
      }
      float maxF = Float.NEGATIVE_INFINITY;
      double maxD = Double.NEGATIVE_INFINITY;
      for (int k = from; k < from + n; k++) {
        maxF = Math.max(maxF, zf[k]);
        maxD = Math.max(maxD, zd[k]);
      }
      int target = from + random.nextInt(n);
      float otherF = Float.NEGATIVE_INFINITY;
      double otherD = Double.NEGATIVE_INFINITY;
      for (int k = from; k < from + n; k++) {
        if (k != target) {
          otherF = Math.max(otherF, zf[k]);
          otherD = Math.max(otherD, zd[k]);
        }
      }
      assertThat(ElementKernels.bestOther(zf, from, target, from + n)).isEqualTo(otherF);
      assertThat(ElementKernels.bestOther(zd, from, target, from + n)).isEqualTo(otherD);

      double sumF = 0;
      double sumD = 0;
      for (int k = from; k < from + n; k++) {
        sumF += Math.exp((double) zf[k] - maxF);
        sumD += Math.exp(zd[k] - maxD);
      }
      // float terms: 1 ulp of float each plus the float rounding of z − max, |x|·e^x ≤ 1/e
      assertThat(ElementKernels.sumExp(zf, from, n, maxF, new float[n])).isCloseTo(sumF, offset(1.5e-7 * n));
      assertThat(ElementKernels.sumExp(zd, from, n, maxD, new double[n])).isCloseTo(sumD, offset(1e-13 * n));

      float[] pf = new float[from + n];
      double[] pd = new double[from + n];
      ElementKernels.softmax(zf, from, n, pf);
      ElementKernels.softmax(zd, from, n, pd);
      for (int k = from; k < from + n; k++) {
        assertThat((double) pf[k]).isCloseTo(Math.exp((double) zf[k] - maxF) / sumF,
            offset(4e-7));
        assertThat(pd[k]).isCloseTo(Math.exp(zd[k] - maxD) / sumD, offset(1e-14));
      }
    }
  }

  @Test
  void aNaNLogitMakesItsRowNaN() {
    float[] z = {0f, Float.NaN, -1f};
    float[] p = new float[3];
    ElementKernels.softmax(z, 0, 3, p);
    assertThat(p[0]).isNaN();
    assertThat(ElementKernels.bestOther(z, 0, 0, 3)).isNaN();
    assertThat(ElementKernels.bestOther(z, 0, 1, 3)).isEqualTo(0f);
    assertThat(ElementKernels.sumExp(new double[] {0, Double.NaN}, 0, 2, 0, new double[2])).isNaN();
  }

  @Test
  void sumsAndColumnSums() {
    float[] z = {0f, -1f, -2f, 3f, 0.5f, -7f, 1f, 2f, -0.25f, 4f, -3f, 1.5f};
    assertThat(ElementKernels.sum(z)).isEqualTo(-1.25);
    assertThat(ElementKernels.sum(new double[] {1, 2, 3, 4, 5})).isEqualTo(15.0);
    assertThat(ElementKernels.bestOther(z, 3, 3, 4)).isEqualTo(Float.NEGATIVE_INFINITY);
    double[] columns = new double[3];
    ElementKernels.sumColumns(z, 4, columns);
    assertThat(columns).containsExactly(0 + 3 + 1 + 4, -1 + 0.5 + 2 - 3, -2 - 7 - 0.25 + 1.5);
  }

  @Test
  void reluBackwardKeepsTheGradientWherePositiveWritesPlusZeroElsewhereAndPassesNaN() {
    float[] a = {
      1f, -1f, 0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -2f, 3f, 0f, -3f,
      Float.MIN_NORMAL, 0f
    };
    float[] g = {
      -5f, 5f, 5f, 5f, 5f, -0f, Float.NaN, -0f, 7f, Float.NaN, Float.NEGATIVE_INFINITY,
      Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY
    };
    ElementKernels.reluBackward(g, a, a.length);
    assertThat(bits(g))
        .isEqualTo(
            bits(
                new float[] {
                  -5f, 0f, 0f, 0f, Float.NaN, -0f, Float.NaN, 0f, 7f, Float.NaN, 0f,
                  Float.POSITIVE_INFINITY, 0f
                }));
    double[] ad = {1, -1, 0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 0, -4};
    double[] gd = {-5, 5, 5, 5, 5, -0.0, 2, Double.NaN, Double.NEGATIVE_INFINITY};
    ElementKernels.reluBackward(gd, ad, ad.length);
    assertThat(gd).containsExactly(-5, 0, 0, 0, Double.NaN, -0.0, 2, Double.NaN, 0);
    assertThat(Double.doubleToRawLongBits(gd[1])).isZero();
  }

  @Test
  void reluBackwardOnJitCompiledLanesMatchesTheBranchOnRandomActivations() {
    SplittableRandom random = new SplittableRandom(7);
    float[] a = new float[4099];
    float[] g = new float[a.length];
    float[] expected = new float[a.length];
    for (int round = 0; round < 2000; round++) {
      for (int i = 0; i < a.length; i++) {
        float z = (float) random.nextGaussian() * (random.nextInt(4) == 0 ? 1e-44f : 1f);
        a[i] = Math.max(z, 0f);
        g[i] = (float) random.nextGaussian() * (random.nextBoolean() ? 1e-40f : 1f);
        expected[i] = a[i] > 0 ? g[i] : 0f;
      }
      ElementKernels.reluBackward(g, a, a.length);
      assertThat(bits(g)).isEqualTo(bits(expected));
    }
  }

  @Test
  void columnSumsAndScatterGiveTheBitsOfAddingRowByRow() {
    SplittableRandom random = new SplittableRandom(9);
    for (int trial = 0; trial < 200; trial++) {
      int cols = new int[] {128, 97, 16, 15, 1}[trial % 5];
      int rows = random.nextInt(300);
      int groups = 1 + random.nextInt(trial % 2 == 0 ? 7 : 120);
      float[] mf = new float[rows * cols];
      double[] md = new double[rows * cols];
      for (int k = 0; k < mf.length; k++) {
        md[k] = random.nextGaussian() * (random.nextBoolean() ? 1e-3 : 1e3);
        mf[k] = (float) md[k];
      }
      int[] keys = new int[rows];
      for (int i = 0; i < rows; i++) {
        keys[i] = random.nextInt(groups);
      }
      float[] sumsF = new float[cols];
      double[] sumsD = new double[cols];
      float[] tableF = new float[groups * cols];
      double[] tableD = new double[groups * cols];
      float[] expectedSums = new float[cols];
      double[] expectedSumsD = new double[cols];
      float[] expectedF = new float[groups * cols];
      double[] expectedD = new double[groups * cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          expectedSums[j] += mf[i * cols + j];
          expectedSumsD[j] += md[i * cols + j];
          expectedF[keys[i] * cols + j] += mf[i * cols + j];
          expectedD[keys[i] * cols + j] += md[i * cols + j];
        }
      }
      RowGroups grouped = new RowGroups(groups, rows);
      grouped.group(keys);
      java.util.Arrays.fill(tableF, Float.NaN);
      java.util.Arrays.fill(tableD, Double.NaN);
      ElementKernels.sumColumns(mf, rows, sumsF);
      java.util.Arrays.fill(sumsD, Double.NaN);
      ElementKernels.sumColumns(md, rows, sumsD);
      ElementKernels.scatterAdd(mf, cols, grouped, tableF);
      ElementKernels.scatterAdd(md, cols, grouped, tableD);
      String at = "trial " + trial + ": " + rows + " × " + cols + " into " + groups;
      assertThat(bits(sumsF)).as(at).isEqualTo(bits(expectedSums));
      assertThat(sumsD).as(at).containsExactly(expectedSumsD);
      assertThat(bits(tableF)).as(at).isEqualTo(bits(expectedF));
      assertThat(tableD).as(at).containsExactly(expectedD);
    }
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
