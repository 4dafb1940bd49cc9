package dev.nfiwatch.demo.linalg;

import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/** {@link MatrixOps} in double ({@code DMatrixRMaj}): every value, gradient and moment is a double. */
public final class DoubleOps implements MatrixOps<DMatrixRMaj> {

  private final Product<DMatrixRMaj> mult;
  private final Product<DMatrixRMaj> multTransA;
  private final Product<DMatrixRMaj> multAddTransB;

  /**
   * EJML's kernels.
   *
   * @param concurrent whether matrix products use EJML's multi-threaded kernels (they split the
   *     output by rows, so every element is summed in the same order: results are bit-identical)
   */
  public DoubleOps(boolean concurrent) {
    this(Backend.resolve(Kernels.EJML), concurrent);
  }

  /**
   * The products of {@code backend}: its BLAS, or EJML's kernels when it has none.
   *
   * @param concurrent whether EJML's kernels are the multi-threaded ones (ignored with a BLAS)
   */
  public DoubleOps(Backend backend, boolean concurrent) {
    if (backend.blas() == null) {
      this.mult = concurrent ? CommonOps_MT_DDRM::mult : CommonOps_DDRM::mult;
      this.multTransA = concurrent ? CommonOps_MT_DDRM::multTransA : CommonOps_DDRM::multTransA;
      this.multAddTransB =
          concurrent ? CommonOps_MT_DDRM::multAddTransB : CommonOps_DDRM::multAddTransB;
    } else {
      this.mult = BlasProducts.doubleMult(backend.blas());
      this.multTransA = BlasProducts.doubleMultTransA(backend.blas());
      this.multAddTransB = BlasProducts.doubleMultAddTransB(backend.blas());
    }
  }

  @Override
  public DMatrixRMaj zeros(int rows, int cols) {
    return new DMatrixRMaj(rows, cols);
  }

  @Override
  public double get(DMatrixRMaj m, int index) {
    return m.data[index];
  }

  @Override
  public void set(DMatrixRMaj m, int index, double value) {
    m.data[index] = value;
  }

  @Override
  public void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    multAddTransB.apply(a, b, c);
  }

  @Override
  public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    mult.apply(a, b, c);
  }

  @Override
  public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    multTransA.apply(a, b, c);
  }

  @Override
  public void fillRows(DMatrixRMaj m, DMatrixRMaj row) {
    int cols = m.numCols;
    for (int start = 0; start < m.getNumElements(); start += cols) {
      System.arraycopy(row.data, 0, m.data, start, cols);
    }
  }

  /**
   * Each column summed from row 0 down as EJML's sumCols does, through {@link
   * ElementKernels#sumColumns(double[], int, double[])}.
   */
  @Override
  public void sumColumns(DMatrixRMaj m, DMatrixRMaj sums) {
    ElementKernels.sumColumns(m.data, m.numRows, sums.data);
  }

  @Override
  public void relu(DMatrixRMaj m) {
    double[] d = m.data;
    for (int i = 0; i < m.getNumElements(); i++) {
      d[i] = Math.max(d[i], 0.0);
    }
  }

  /** Through {@link ElementKernels#reluBackward}. */
  @Override
  public void reluBackward(DMatrixRMaj grad, DMatrixRMaj activation) {
    ElementKernels.reluBackward(grad.data, activation.data, grad.getNumElements());
  }

  @Override
  public void scale(DMatrixRMaj m, double alpha) {
    CommonOps_DDRM.scale(alpha, m);
  }

  @Override
  public void gatherSum(
      DMatrixRMaj tableA, int[] rowsA, DMatrixRMaj tableB, int[] rowsB, DMatrixRMaj out) {
    int cols = out.numCols;
    for (int i = 0; i < rowsA.length; i++) {
      int a = rowsA[i] * cols;
      int b = rowsB[i] * cols;
      int o = i * cols;
      for (int j = 0; j < cols; j++) {
        out.data[o + j] = tableA.data[a + j] + tableB.data[b + j];
      }
    }
  }

  @Override
  public void scatterAdd(DMatrixRMaj grad, RowGroups rows, DMatrixRMaj table) {
    ElementKernels.scatterAdd(grad.data, table.numCols, rows, table.data);
  }

  @Override
  public void gatherRows(double[] features, int[] rows, DMatrixRMaj out) {
    int cols = out.numCols;
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < cols; j++) {
        out.data[i * cols + j] = features[rows[i] * cols + j];
      }
    }
  }

  @Override
  public void softmaxBackward(
      SoftmaxCrossEntropy loss, DMatrixRMaj logits, int[] labels, DMatrixRMaj gradLogits) {
    loss.backward(logits.data, labels, gradLogits.data);
  }

  @Override
  public double sumExp(DMatrixRMaj m, int from, int n, double max, DMatrixRMaj scratch) {
    return ElementKernels.sumExp(m.data, from, n, max, scratch.data);
  }

  @Override
  public double bestOther(DMatrixRMaj m, int from, int target, int to) {
    return ElementKernels.bestOther(m.data, from, target, to);
  }

  @Override
  public double sum(DMatrixRMaj m) {
    return ElementKernels.sum(m.data);
  }

  @Override
  public void sumColumns(DMatrixRMaj m, double[] sums) {
    ElementKernels.sumColumns(m.data, m.numRows, sums);
  }

  @Override
  public Object data(DMatrixRMaj m) {
    return m.data;
  }

  @Override
  public void adam(
      DMatrixRMaj value,
      DMatrixRMaj grad,
      DMatrixRMaj firstMoment,
      DMatrixRMaj secondMoment,
      double beta1,
      double beta2,
      double eps,
      double stepSize,
      double biasCorrection2Sqrt,
      double decay) {
    double[] p = value.data;
    double[] g = grad.data;
    double[] m = firstMoment.data;
    double[] v = secondMoment.data;
    for (int i = 0; i < p.length; i++) {
      m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
      p[i] = decay * p[i] - stepSize * m[i] / (Math.sqrt(v[i]) / biasCorrection2Sqrt + eps);
    }
  }

  @Override
  public void addScaled(DMatrixRMaj grad, DMatrixRMaj value, double lambda) {
    CommonOps_DDRM.addEquals(grad, lambda, value);
  }

  @Override
  public void sgdMomentum(
      DMatrixRMaj value, DMatrixRMaj grad, DMatrixRMaj buffer, double momentum, double lr) {
    double[] p = value.data;
    double[] g = grad.data;
    double[] b = buffer.data;
    for (int i = 0; i < p.length; i++) {
      b[i] = momentum * b[i] + g[i];
      p[i] -= lr * b[i];
    }
  }

  @Override
  public long hashBits(DMatrixRMaj m, long hash) {
    long h = hash;
    for (int i = 0; i < m.getNumElements(); i++) {
      h = Fnv1a.mix(h, Double.doubleToRawLongBits(m.data[i]), Double.BYTES);
    }
    return h;
  }
}
