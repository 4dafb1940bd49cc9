package dev.nfiwatch.demo.linalg;

import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/** {@link MatrixOps} in float ({@code FMatrixRMaj}): every value, gradient and moment is a float. */
public final class FloatOps implements MatrixOps<FMatrixRMaj> {

  private final Product<FMatrixRMaj> mult;
  private final Product<FMatrixRMaj> multTransA;
  private final Product<FMatrixRMaj> multAddTransB;

  /**
   * EJML's kernels.
   *
   * @param concurrent whether matrix products use EJML's multi-threaded kernels (they split the
   *     output by rows, so every element is summed in the same order: results are bit-identical)
   */
  public FloatOps(boolean concurrent) {
    this(Backend.resolve(Kernels.EJML), concurrent);
  }

  /**
   * The products of {@code backend}: its BLAS, or EJML's kernels when it has none.
   *
   * @param concurrent whether EJML's kernels are the multi-threaded ones (ignored with a BLAS)
   */
  public FloatOps(Backend backend, boolean concurrent) {
    if (backend.blas() == null) {
      this.mult = concurrent ? CommonOps_MT_FDRM::mult : CommonOps_FDRM::mult;
      this.multTransA = concurrent ? CommonOps_MT_FDRM::multTransA : CommonOps_FDRM::multTransA;
      this.multAddTransB =
          concurrent ? CommonOps_MT_FDRM::multAddTransB : CommonOps_FDRM::multAddTransB;
    } else {
      this.mult = BlasProducts.floatMult(backend.blas());
      this.multTransA = BlasProducts.floatMultTransA(backend.blas());
      this.multAddTransB = BlasProducts.floatMultAddTransB(backend.blas());
    }
  }

  @Override
  public FMatrixRMaj zeros(int rows, int cols) {
    return new FMatrixRMaj(rows, cols);
  }

  @Override
  public double get(FMatrixRMaj m, int index) {
    return m.data[index];
  }

  @Override
  public void set(FMatrixRMaj m, int index, double value) {
    m.data[index] = (float) value;
  }

  @Override
  public void multAddTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    multAddTransB.apply(a, b, c);
  }

  @Override
  public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    mult.apply(a, b, c);
  }

  @Override
  public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
    multTransA.apply(a, b, c);
  }

  @Override
  public void fillRows(FMatrixRMaj m, FMatrixRMaj row) {
    int cols = m.numCols;
    for (int start = 0; start < m.getNumElements(); start += cols) {
      System.arraycopy(row.data, 0, m.data, start, cols);
    }
  }

  /**
   * Each column summed from row 0 down as EJML's sumCols does, by {@link
   * ElementKernels#sumColumns(float[], int, float[])}.
   */
  @Override
  public void sumColumns(FMatrixRMaj m, FMatrixRMaj sums) {
    ElementKernels.sumColumns(m.data, m.numRows, sums.data);
  }

  @Override
  public void relu(FMatrixRMaj m) {
    float[] d = m.data;
    for (int i = 0; i < m.getNumElements(); i++) {
      d[i] = Math.max(d[i], 0f);
    }
  }

  /** Through {@link ElementKernels#reluBackward}. */
  @Override
  public void reluBackward(FMatrixRMaj grad, FMatrixRMaj activation) {
    ElementKernels.reluBackward(grad.data, activation.data, grad.getNumElements());
  }

  @Override
  public void scale(FMatrixRMaj m, double alpha) {
    CommonOps_FDRM.scale((float) alpha, m);
  }

  @Override
  public void gatherSum(
      FMatrixRMaj tableA, int[] rowsA, FMatrixRMaj tableB, int[] rowsB, FMatrixRMaj out) {
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
  public void scatterAdd(FMatrixRMaj grad, RowGroups rows, FMatrixRMaj table) {
    ElementKernels.scatterAdd(grad.data, table.numCols, rows, table.data);
  }

  @Override
  public void gatherRows(double[] features, int[] rows, FMatrixRMaj out) {
    int cols = out.numCols;
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < cols; j++) {
        out.data[i * cols + j] = (float) features[rows[i] * cols + j];
      }
    }
  }

  @Override
  public void softmaxBackward(
      SoftmaxCrossEntropy loss, FMatrixRMaj logits, int[] labels, FMatrixRMaj gradLogits) {
    loss.backward(logits.data, labels, gradLogits.data);
  }

  @Override
  public double sumExp(FMatrixRMaj m, int from, int n, double max, FMatrixRMaj scratch) {
    return ElementKernels.sumExp(m.data, from, n, (float) max, scratch.data);
  }

  @Override
  public double bestOther(FMatrixRMaj m, int from, int target, int to) {
    return ElementKernels.bestOther(m.data, from, target, to);
  }

  @Override
  public double sum(FMatrixRMaj m) {
    return ElementKernels.sum(m.data);
  }

  @Override
  public void sumColumns(FMatrixRMaj m, double[] sums) {
    ElementKernels.sumColumns(m.data, m.numRows, sums);
  }

  @Override
  public Object data(FMatrixRMaj m) {
    return m.data;
  }

  @Override
  public void adam(
      FMatrixRMaj value,
      FMatrixRMaj grad,
      FMatrixRMaj firstMoment,
      FMatrixRMaj secondMoment,
      double beta1,
      double beta2,
      double eps,
      double stepSize,
      double biasCorrection2Sqrt,
      double decay) {
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float c1 = (float) (1.0 - beta1);
    float c2 = (float) (1.0 - beta2);
    float e = (float) eps;
    float step = (float) stepSize;
    float bc2 = (float) biasCorrection2Sqrt;
    float keep = (float) decay;
    float[] p = value.data;
    float[] g = grad.data;
    float[] m = firstMoment.data;
    float[] v = secondMoment.data;
    for (int i = 0; i < p.length; i++) {
      m[i] = b1 * m[i] + c1 * g[i];
      v[i] = b2 * v[i] + c2 * g[i] * g[i];
      p[i] = keep * p[i] - step * m[i] / ((float) Math.sqrt(v[i]) / bc2 + e);
    }
  }

  @Override
  public void addScaled(FMatrixRMaj grad, FMatrixRMaj value, double lambda) {
    CommonOps_FDRM.addEquals(grad, (float) lambda, value);
  }

  @Override
  public void sgdMomentum(
      FMatrixRMaj value, FMatrixRMaj grad, FMatrixRMaj buffer, double momentum, double lr) {
    float mu = (float) momentum;
    float rate = (float) lr;
    float[] p = value.data;
    float[] g = grad.data;
    float[] b = buffer.data;
    for (int i = 0; i < p.length; i++) {
      b[i] = mu * b[i] + g[i];
      p[i] -= rate * b[i];
    }
  }

  @Override
  public long hashBits(FMatrixRMaj m, long hash) {
    long h = hash;
    for (int i = 0; i < m.getNumElements(); i++) {
      h = Fnv1a.mix(h, Float.floatToRawIntBits(m.data[i]), Float.BYTES);
    }
    return h;
  }
}
