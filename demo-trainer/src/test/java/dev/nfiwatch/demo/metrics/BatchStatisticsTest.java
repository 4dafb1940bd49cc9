package dev.nfiwatch.demo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nfiwatch.demo.data.ModularAddition;
import dev.nfiwatch.demo.data.Task;
import dev.nfiwatch.demo.linalg.DoubleOps;
import dev.nfiwatch.demo.linalg.FloatOps;
import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.model.Network;
import dev.nfiwatch.demo.model.Networks;
import java.util.SplittableRandom;
import org.ejml.data.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The batch loss against a plain per-example log-sum-exp in double ({@code Math.exp}, {@code
 * Math.log1p}), on logits written into a network's live buffer: a batch of the reference size with
 * spread-out logits (many factors in the per-batch product of sums), and a confident batch whose
 * loss is far below float's resolution of 1.
 */
class BatchStatisticsTest {

  private static final Task TASK = ModularAddition.create(97, 0.3, 7);
  private static final int CLASSES = 97;

  @Test
  void spreadLogitsGiveThePerExampleLoss() {
    assertLoss(new FloatOps(false), 8.0, 0, 1e-6);
    assertLoss(new DoubleOps(false), 8.0, 0, 1e-13);
  }

  @Test
  void aConfidentBatchKeepsItsTinyLoss() {
    assertLoss(new FloatOps(false), 3.0, 25, 1e-5);
    assertLoss(new DoubleOps(false), 3.0, 25, 1e-12);
  }

  /**
   * Logits: the label's at 0, the others at {@code −gap − |N(0, spread²)|}, so with {@code gap =
   * 0} every row has a different largest class and sums up to 97.
   */
  private static <M extends Matrix> void assertLoss(
      MatrixOps<M> ops, double spread, double gap, double relative) {
    int batch = TASK.train().size();
    Network<M> network = Networks.forTask(ops, TASK, 8, 1, batch, 3, "fp32");
    int[] labels = TASK.train().labels();
    SplittableRandom random = new SplittableRandom(11);
    M logits = network.logits();
    double expected = 0;
    for (int i = 0; i < batch; i++) {
      for (int k = 0; k < CLASSES; k++) {
        double z = k == labels[i] ? 0 : -gap - Math.abs(random.nextGaussian() * spread);
        if (gap == 0 && k != labels[i] && random.nextInt(4) == 0) {
          z = -z;
        }
        ops.set(logits, i * CLASSES + k, z);
      }
      expected += exampleLoss(ops, logits, i * CLASSES, labels[i]);
    }
    expected /= batch;
    StepRecord record = new StepRecord();
    new BatchStatistics<>(network, batch).measure(labels, record);
    // each S_i = 1 + ε is rounded once in double, and so is each product: 2 · 2⁻⁵³ per example
    assertThat(record.loss).isCloseTo(expected, within(relative * expected + 0x1p-52));
    if (gap > 0) {
      assertThat(record.loss).isPositive().isLessThan(1e-9);
    }
  }

  /** {@code max − z + log1p(Σ_{k ≠ argmax} exp(z_k − max))} for the row from {@code row}. */
  private static <M extends Matrix> double exampleLoss(
      MatrixOps<M> ops, M logits, int row, int label) {
    int best = row;
    for (int k = row; k < row + CLASSES; k++) {
      if (ops.get(logits, k) > ops.get(logits, best)) {
        best = k;
      }
    }
    double max = ops.get(logits, best);
    double rest = 0;
    for (int k = row; k < row + CLASSES; k++) {
      if (k != best) {
        rest += Math.exp(ops.get(logits, k) - max);
      }
    }
    return max - ops.get(logits, row + label) + Math.log1p(rest);
  }
}
