package dev.nfiwatch.demo.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.demo.data.ModularAddition;
import dev.nfiwatch.demo.data.Task;
import dev.nfiwatch.demo.linalg.FloatOps;
import dev.nfiwatch.demo.model.Network;
import dev.nfiwatch.demo.model.Networks;
import dev.nfiwatch.demo.optim.OptimizerKind;
import dev.nfiwatch.demo.optim.OptimizerSettings;
import dev.nfiwatch.demo.optim.Optimizer;
import dev.nfiwatch.demo.optim.Optimizers;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * bf16 probabilities absorb the correct class once its gap passes ≈ 5.5 nats: within a few hundred
 * steps a sample's correct-class gradient is exactly zero while its others are not. The same run
 * in fp32 (threshold ≈ 16.6 nats) has not absorbed by then.
 */
class Bf16AbsorptionTest {

  private static final int MAX_STEPS = 400;

  @Test
  void bf16AbsorbsWithinAFewHundredStepsAndFp32DoesNot() {
    long bf16 = firstAbsorbedStep(Precision.BF16);
    assertThat(bf16).isBetween(1L, (long) MAX_STEPS);
    assertThat(firstAbsorbedStep(Precision.FP32)).isEqualTo(-1L);
  }

  /** The first step whose logit gradient has an absorbed sample, or -1 within MAX_STEPS. */
  private static long firstAbsorbedStep(Precision precision) {
    Task task = ModularAddition.create(31, 0.3, 1);
    int batch = task.train().size();
    Network<FMatrixRMaj> network =
        Networks.forTask(new FloatOps(false), task, 32, 1, batch, 2, precision.format());
    Optimizer optimizer =
        Optimizers.create(
            new FloatOps(false),
            network.parameters(),
            new OptimizerSettings(OptimizerKind.ADAM, 1e-2, 0.9, 0.98, 1e-8, 0, 0.9));
    int[] rows = new int[batch];
    for (int i = 0; i < batch; i++) {
      rows[i] = i;
    }
    int[] labels = task.train().labels();
    for (int step = 1; step <= MAX_STEPS; step++) {
      network.forward(task.train(), rows);
      network.backward(labels);
      if (hasAbsorbedSample(network.logitGradient(), labels)) {
        return step;
      }
      optimizer.step();
    }
    return -1;
  }

  private static boolean hasAbsorbedSample(FMatrixRMaj grad, int[] labels) {
    int classes = grad.numCols;
    for (int i = 0; i < labels.length; i++) {
      boolean othersNonZero = false;
      for (int k = 0; k < classes; k++) {
        othersNonZero |= k != labels[i] && grad.data[i * classes + k] != 0f;
      }
      if (grad.data[i * classes + labels[i]] == 0f && othersNonZero) {
        return true;
      }
    }
    return false;
  }
}
