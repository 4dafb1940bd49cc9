package dev.nfiwatch.demo.metrics;

import dev.nfiwatch.demo.data.Examples;
import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.model.Network;
import org.ejml.data.Matrix;

/**
 * Accuracy on held-out examples, evaluated through the training network's own fixed-size buffers:
 * the test set is read in batch-size chunks, the last one padded with repeats that are not
 * counted. It runs between steps, so the buffers the agent reads during backward are untouched.
 */
public final class TestAccuracy<M extends Matrix> {

  private final Network<M> network;
  private final MatrixOps<M> ops;
  private final Examples test;
  private final int[] rows;

  /** An evaluator of {@code test} for a network built for batches of {@code batch}. */
  public TestAccuracy(Network<M> network, Examples test, int batch) {
    this.network = network;
    this.ops = network.ops();
    this.test = test;
    this.rows = new int[batch];
  }

  /** The share of test examples whose correct logit is strictly the largest; NaN when none. */
  public double evaluate() {
    int n = test.size();
    if (n == 0) {
      return Double.NaN;
    }
    int correct = 0;
    for (int start = 0; start < n; start += rows.length) {
      int valid = Math.min(rows.length, n - start);
      for (int i = 0; i < rows.length; i++) {
        rows[i] = start + Math.min(i, valid - 1);
      }
      network.forward(test, rows);
      correct += countCorrect(valid);
    }
    return (double) correct / n;
  }

  private int countCorrect(int valid) {
    M logits = network.logits();
    int classes = logits.getNumCols();
    int[] labels = test.labels();
    int correct = 0;
    for (int i = 0; i < valid; i++) {
      int row = i * classes;
      double target = ops.get(logits, row + labels[rows[i]]);
      boolean best = true;
      for (int k = 0; k < classes && best; k++) {
        best = k == labels[rows[i]] || ops.get(logits, row + k) < target;
      }
      if (best) {
        correct++;
      }
    }
    return correct;
  }
}
