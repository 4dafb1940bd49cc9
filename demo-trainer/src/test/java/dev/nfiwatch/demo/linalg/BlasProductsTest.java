package dev.nfiwatch.demo.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The BLAS products compute what EJML's do, for every shape the network uses, in both precisions. */
class BlasProductsTest {

  private static final SplittableRandom RANDOM = new SplittableRandom(7);
  private static final int ROWS = 101;

  private static FMatrixRMaj floats(int rows, int cols) {
    FMatrixRMaj m = new FMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) RANDOM.nextDouble(-1, 1);
    }
    return m;
  }

  private static DMatrixRMaj doubles(int rows, int cols) {
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = RANDOM.nextDouble(-1, 1);
    }
    return m;
  }

  @ParameterizedTest
  @EnumSource(value = Kernels.class, names = {"AUTO", "JAVA"})
  void floatProductsMatchEjml(Kernels kernels) {
    FloatOps blas = new FloatOps(Backend.resolve(kernels), false);
    FloatOps ejml = new FloatOps(false);
    FMatrixRMaj a = floats(7, 5);
    FMatrixRMaj b = floats(3, 5);
    FMatrixRMaj c = floats(7, 3);
    FMatrixRMaj expected = c.copy();

    blas.multAddTransB(a, b, c);
    ejml.multAddTransB(a, b, expected);
    assertThat(c.data).containsExactly(expected.data, within(1e-5f));

    FMatrixRMaj input = new FMatrixRMaj(7, 5);
    FMatrixRMaj expectedInput = new FMatrixRMaj(7, 5);
    blas.mult(c, b, input);
    ejml.mult(c, b, expectedInput);
    assertThat(input.data).containsExactly(expectedInput.data, within(1e-5f));

    FMatrixRMaj weight = new FMatrixRMaj(3, 5);
    FMatrixRMaj expectedWeight = new FMatrixRMaj(3, 5);
    blas.multTransA(c, a, weight);
    ejml.multTransA(c, a, expectedWeight);
    assertThat(weight.data).containsExactly(expectedWeight.data, within(1e-5f));
  }

  @ParameterizedTest
  @EnumSource(value = Kernels.class, names = {"AUTO", "JAVA"})
  void doubleProductsMatchEjml(Kernels kernels) {
    DoubleOps blas = new DoubleOps(Backend.resolve(kernels), false);
    DoubleOps ejml = new DoubleOps(false);
    DMatrixRMaj a = doubles(9, 4);
    DMatrixRMaj b = doubles(6, 4);
    DMatrixRMaj c = doubles(9, 6);
    DMatrixRMaj expected = c.copy();

    blas.multAddTransB(a, b, c);
    ejml.multAddTransB(a, b, expected);
    assertThat(c.data).containsExactly(expected.data, within(1e-12));

    DMatrixRMaj input = new DMatrixRMaj(9, 4);
    DMatrixRMaj expectedInput = new DMatrixRMaj(9, 4);
    blas.mult(c, b, input);
    ejml.mult(c, b, expectedInput);
    assertThat(input.data).containsExactly(expectedInput.data, within(1e-12));

    DMatrixRMaj weight = new DMatrixRMaj(6, 4);
    DMatrixRMaj expectedWeight = new DMatrixRMaj(6, 4);
    blas.multTransA(c, a, weight);
    ejml.multTransA(c, a, expectedWeight);
    assertThat(weight.data).containsExactly(expectedWeight.data, within(1e-12));
  }

  /**
   * A layer's forward pass ({@code fillRows}, then the product added) gives the bits of the product
   * into a zeroed output followed by a separate bias addition, at the reference network's inner
   * dimension and output widths (fewer rows than its batch: each row is computed alike).
   */
  @ParameterizedTest
  @EnumSource(Kernels.class)
  void theBiasInsideTheProductGivesTheBitsOfAddingItAfterwards(Kernels kernels) {
    for (int out : new int[] {128, 97}) {
      assertBiasInsideTheProduct(new FloatOps(Backend.resolve(kernels), false), out);
      assertBiasInsideTheProduct(new DoubleOps(Backend.resolve(kernels), false), out);
    }
  }

  /**
   * Both sides in the precision of {@code ops}: its {@code set} rounds the double sum of two of its
   * values, which is that precision's own sum (double holds more than twice a float's digits).
   */
  private static <M extends Matrix> void assertBiasInsideTheProduct(MatrixOps<M> ops, int out) {
    M x = random(ops, ROWS, 128);
    M w = random(ops, out, 128);
    M bias = random(ops, 1, out);
    M fused = ops.zeros(ROWS, out);
    ops.fillRows(fused, bias);
    ops.multAddTransB(x, w, fused);
    M separate = ops.zeros(ROWS, out);
    ops.multAddTransB(x, w, separate);
    for (int i = 0; i < ROWS * out; i++) {
      ops.set(separate, i, ops.get(separate, i) + ops.get(bias, i % out));
    }
    for (int i = 0; i < ROWS * out; i++) {
      assertThat(Double.doubleToRawLongBits(ops.get(fused, i)))
          .as("%s, %d outputs, element %d", ops.getClass().getSimpleName(), out, i)
          .isEqualTo(Double.doubleToRawLongBits(ops.get(separate, i)));
    }
  }

  private static <M extends Matrix> M random(MatrixOps<M> ops, int rows, int cols) {
    M m = ops.zeros(rows, cols);
    for (int i = 0; i < rows * cols; i++) {
      ops.set(m, i, RANDOM.nextDouble(-1, 1));
    }
    return m;
  }

  @ParameterizedTest
  @EnumSource(value = Kernels.class, names = {"AUTO", "JAVA"})
  void aWronglyShapedOutputIsRefused(Kernels kernels) {
    FloatOps blas = new FloatOps(Backend.resolve(kernels), false);

    assertThatThrownBy(() -> blas.multAddTransB(floats(7, 5), floats(3, 5), new FMatrixRMaj(7, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output 7×4 for 7×3");
    assertThatThrownBy(() -> blas.mult(floats(7, 5), floats(4, 3), new FMatrixRMaj(7, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inner 5 vs 4");
  }
}
