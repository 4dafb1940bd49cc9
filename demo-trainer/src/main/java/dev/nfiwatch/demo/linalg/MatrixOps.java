package dev.nfiwatch.demo.linalg;

import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import org.ejml.data.Matrix;

/**
 * The numeric kernels the network and the optimizers need, for one precision.
 *
 * <p>EJML has no common element type for its float and double dense matrices, so the model and the
 * optimizers are written once against this interface and the two small implementations ({@link
 * FloatOps}, {@link DoubleOps}) hold the only precision-specific code. Every method but
 * {@link #zeros} writes into matrices it is given and allocates nothing.
 *
 * @param <M> the EJML dense matrix type of this precision
 */
public interface MatrixOps<M extends Matrix> {

  /** A new zero matrix. */
  M zeros(int rows, int cols);

  /** Element {@code index} of the row-major data, widened to double. */
  double get(M m, int index);

  /** Sets element {@code index} of the row-major data, rounding to the matrix precision. */
  void set(M m, int index, double value);

  /**
   * {@code c = c + a · bᵀ}: the product, rounded, added to what {@code c} holds (a BLAS call with
   * {@code beta = 1}). With {@link #fillRows} first this is a layer's {@code x · Wᵀ + b}, which
   * gives the bits of the product followed by a separate bias addition (tested at the network's
   * shapes) without a pass of its own over the output.
   */
  void multAddTransB(M a, M b, M c);

  /** {@code c = a · b}. */
  void mult(M a, M b, M c);

  /** {@code c = aᵀ · b}. */
  void multTransA(M a, M b, M c);

  /** Copies the 1 × cols row {@code row} into every row of {@code m}. */
  void fillRows(M m, M row);

  /** Writes the column sums of {@code m} into the 1 × cols matrix {@code sums}. */
  void sumColumns(M m, M sums);

  /** {@code m = max(m, 0)} element-wise. */
  void relu(M m);

  /** Zeroes the entries of {@code grad} whose {@code activation} is not positive (ReLU backward). */
  void reluBackward(M grad, M activation);

  /** {@code m *= alpha}. */
  void scale(M m, double alpha);

  /** {@code out[i] = tableA[rowsA[i]] + tableB[rowsB[i]]}: a gather of two embedding tables, summed. */
  void gatherSum(M tableA, int[] rowsA, M tableB, int[] rowsB, M out);

  /**
   * Sets {@code table} to zero, then adds each row of {@code grad} to the table row it was gathered
   * from, in batch order (as {@link ElementKernels#scatterAdd} sums a group).
   */
  void scatterAdd(M grad, RowGroups rows, M table);

  /** Copies {@code features[rows[i]]} (row-major, {@code cols} wide) into row {@code i} of {@code out}. */
  void gatherRows(double[] features, int[] rows, M out);

  /** Calls the softmax cross-entropy backward on the backing arrays of the logits and gradient. */
  void softmaxBackward(SoftmaxCrossEntropy loss, M logits, int[] labels, M gradLogits);

  /**
   * {@code Σ exp(m[k] − max)} over the {@code n} elements from {@code from}, summed in double as
   * {@link ElementKernels#sumExp} sums them (the terms in the matrix's format); {@code max} is one
   * of the matrix's values, {@code scratch} holds at least {@code n} values the kernel may
   * overwrite.
   */
  double sumExp(M m, int from, int n, double max, M scratch);

  /**
   * The largest of elements {@code from … to−1} other than element {@code target}, widened to
   * double ({@code −∞} for none), as {@link ElementKernels#bestOther} finds it.
   */
  double bestOther(M m, int from, int target, int to);

  /** The sum of all elements in double, as {@link ElementKernels#sum} sums. */
  double sum(M m);

  /** Writes the column sums of {@code m} into {@code sums} (one per column) in double, row 0 first. */
  void sumColumns(M m, double[] sums);

  /** The backing array of {@code m}, handed to observers of the classifier. */
  Object data(M m);

  /**
   * One Adam update in the matrix precision (PyTorch's formulation).
   *
   * @param stepSize {@code lr / (1 − β1^t)}
   * @param biasCorrection2Sqrt {@code sqrt(1 − β2^t)}
   * @param decay the factor {@code 1 − lr·λ} applied to the value first (AdamW), 1 for none
   */
  void adam(
      M value,
      M grad,
      M firstMoment,
      M secondMoment,
      double beta1,
      double beta2,
      double eps,
      double stepSize,
      double biasCorrection2Sqrt,
      double decay);

  /** {@code grad += λ·value} (L2 regularisation folded into the gradient). */
  void addScaled(M grad, M value, double lambda);

  /** SGD with momentum: {@code buffer = μ·buffer + grad; value −= lr·buffer}. */
  void sgdMomentum(M value, M grad, M buffer, double momentum, double lr);

  /** Feeds the raw bits of every element into {@code hash}. */
  long hashBits(M m, long hash);
}
