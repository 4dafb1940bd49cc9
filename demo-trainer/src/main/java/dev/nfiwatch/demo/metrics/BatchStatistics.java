package dev.nfiwatch.demo.metrics;

import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.model.Network;
import org.ejml.data.Matrix;

/**
 * Computes a step's loss, accuracy, norms, mean logit and logit gaps from the network's live
 * buffers, in double, independently of the agent. Buffers are allocated once.
 */
public final class BatchStatistics<M extends Matrix> {

  private static final double LN_2 = Math.log(2);

  private final Network<M> network;
  private final MatrixOps<M> ops;
  private final double[] gaps;
  private final double[] meanRow;
  private final M logitRow;

  /** Statistics for batches of {@code batch} examples of {@code network}. */
  public BatchStatistics(Network<M> network, int batch) {
    this.network = network;
    this.ops = network.ops();
    this.gaps = new double[batch];
    this.meanRow = new double[network.classifierWeights().getNumCols()];
    this.logitRow = ops.zeros(1, network.logits().getNumCols());
  }

  /** Fills every field of {@code record} except step, test accuracy and spike. */
  public void measure(int[] labels, StepRecord record) {
    measureLogits(labels, record);
    M weights = network.classifierWeights();
    record.classifierNorm = Math.sqrt(sumOfSquares(weights));
    record.classifierMeanNorm = meanRowNorm(weights);
    record.featureMeanNorm = meanRowNorm(network.classifierInput());
  }

  private void measureLogits(int[] labels, StepRecord record) {
    M logits = network.logits();
    int classes = logits.getNumCols();
    // loss_i = (max_i − z_i) + log S_i with S_i = Σ_k exp(z_ik − max_i) ≥ 1. The logs are taken once
    // per batch, Σ log S_i = log Π S_i + e · ln 2: the product is kept in [1, 2) by moving its binary
    // exponent into e after each factor (exact), so it neither overflows nor loses more than the
    // one rounding per factor that each S_i already carries.
    double marginSum = 0;
    double product = 1;
    long exponent = 0;
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      int row = i * classes;
      int target = row + labels[i];
      double z = ops.get(logits, target);
      double bestOther = ops.bestOther(logits, row, target, row + classes);
      double max = Math.max(z, bestOther);
      marginSum += max - z;
      product *= ops.sumExp(logits, row, classes, max, logitRow);
      int e = Math.getExponent(product);
      product = Math.scalb(product, -e);
      exponent += e;
      gaps[i] = z - bestOther;
      if (gaps[i] > 0) {
        correct++;
      }
    }
    record.loss = (marginSum + (Math.log(product) + exponent * LN_2)) / labels.length;
    record.trainAccuracy = (double) correct / labels.length;
    record.logitMean = ops.sum(logits) / ((double) labels.length * classes);
    double min = Double.POSITIVE_INFINITY;
    for (double gap : gaps) {
      min = Math.min(min, gap);
    }
    record.gapMin = min;
    record.gapMedian = Median.of(gaps);
  }

  private double sumOfSquares(M m) {
    double sum = 0;
    for (int i = 0; i < m.getNumRows() * m.getNumCols(); i++) {
      double v = ops.get(m, i);
      sum += v * v;
    }
    return sum;
  }

  private double meanRowNorm(M m) {
    int rows = m.getNumRows();
    ops.sumColumns(m, meanRow);
    double sum = 0;
    for (double v : meanRow) {
      sum += (v / rows) * (v / rows);
    }
    return Math.sqrt(sum);
  }
}
