package dev.nfiwatch.demo.bench;

import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.linalg.RowGroups;
import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import java.util.Arrays;
import org.ejml.data.Matrix;

/**
 * A {@link MatrixOps} that forwards every call and adds its wall time to a per-operation total, so
 * {@link StepProfileHarness} can say where a step's time goes (products by shape, element-wise
 * passes, the softmax, the optimizer).
 */
final class TimedOps<M extends Matrix> implements MatrixOps<M> {

  /** The timed operations, in the order {@link #nanos} holds them. */
  static final String[] NAMES = {
    "gemm a·bT (forward)", "gemm a·b (grad input)", "gemm aT·b (grad weight)", "fillRows",
    "sumColumns", "relu", "reluBackward", "scale", "gatherSum", "scatterAdd", "softmaxBackward",
    "adam", "other"
  };

  private final MatrixOps<M> ops;
  final long[] nanos = new long[NAMES.length];

  TimedOps(MatrixOps<M> ops) {
    this.ops = ops;
  }

  void reset() {
    Arrays.fill(nanos, 0);
  }

  private void add(int op, long start) {
    nanos[op] += System.nanoTime() - start;
  }

  @Override
  public M zeros(int rows, int cols) {
    return ops.zeros(rows, cols);
  }

  @Override
  public double get(M m, int index) {
    return ops.get(m, index);
  }

  @Override
  public void set(M m, int index, double value) {
    ops.set(m, index, value);
  }

  @Override
  public void multAddTransB(M a, M b, M c) {
    long t = System.nanoTime();
    ops.multAddTransB(a, b, c);
    add(0, t);
  }

  @Override
  public void mult(M a, M b, M c) {
    long t = System.nanoTime();
    ops.mult(a, b, c);
    add(1, t);
  }

  @Override
  public void multTransA(M a, M b, M c) {
    long t = System.nanoTime();
    ops.multTransA(a, b, c);
    add(2, t);
  }

  @Override
  public void fillRows(M m, M row) {
    long t = System.nanoTime();
    ops.fillRows(m, row);
    add(3, t);
  }

  @Override
  public void sumColumns(M m, M sums) {
    long t = System.nanoTime();
    ops.sumColumns(m, sums);
    add(4, t);
  }

  @Override
  public void relu(M m) {
    long t = System.nanoTime();
    ops.relu(m);
    add(5, t);
  }

  @Override
  public void reluBackward(M grad, M activation) {
    long t = System.nanoTime();
    ops.reluBackward(grad, activation);
    add(6, t);
  }

  @Override
  public void scale(M m, double alpha) {
    long t = System.nanoTime();
    ops.scale(m, alpha);
    add(7, t);
  }

  @Override
  public void gatherSum(M tableA, int[] rowsA, M tableB, int[] rowsB, M out) {
    long t = System.nanoTime();
    ops.gatherSum(tableA, rowsA, tableB, rowsB, out);
    add(8, t);
  }

  @Override
  public void scatterAdd(M grad, RowGroups rows, M table) {
    long t = System.nanoTime();
    ops.scatterAdd(grad, rows, table);
    add(9, t);
  }

  @Override
  public void gatherRows(double[] features, int[] rows, M out) {
    long t = System.nanoTime();
    ops.gatherRows(features, rows, out);
    add(12, t);
  }

  @Override
  public void softmaxBackward(SoftmaxCrossEntropy loss, M logits, int[] labels, M gradLogits) {
    long t = System.nanoTime();
    ops.softmaxBackward(loss, logits, labels, gradLogits);
    add(10, t);
  }

  /** Not timed (nor are bestOther and sum): the statistics' time is measured as a whole. */
  @Override
  public double sumExp(M m, int from, int n, double max, M scratch) {
    return ops.sumExp(m, from, n, max, scratch);
  }

  @Override
  public double bestOther(M m, int from, int target, int to) {
    return ops.bestOther(m, from, target, to);
  }

  @Override
  public double sum(M m) {
    return ops.sum(m);
  }

  @Override
  public void sumColumns(M m, double[] sums) {
    ops.sumColumns(m, sums);
  }

  @Override
  public Object data(M m) {
    return ops.data(m);
  }

  @Override
  public void adam(M value, M grad, M firstMoment, M secondMoment, double beta1, double beta2,
      double eps, double stepSize, double biasCorrection2Sqrt, double decay) {
    long t = System.nanoTime();
    ops.adam(value, grad, firstMoment, secondMoment, beta1, beta2, eps, stepSize,
        biasCorrection2Sqrt, decay);
    add(11, t);
  }

  @Override
  public void addScaled(M grad, M value, double lambda) {
    long t = System.nanoTime();
    ops.addScaled(grad, value, lambda);
    add(12, t);
  }

  @Override
  public void sgdMomentum(M value, M grad, M buffer, double momentum, double lr) {
    long t = System.nanoTime();
    ops.sgdMomentum(value, grad, buffer, momentum, lr);
    add(12, t);
  }

  @Override
  public long hashBits(M m, long hash) {
    return ops.hashBits(m, hash);
  }
}
