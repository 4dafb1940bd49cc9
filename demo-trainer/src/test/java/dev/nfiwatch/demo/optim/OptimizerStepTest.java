package dev.nfiwatch.demo.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nfiwatch.demo.linalg.DoubleOps;
import dev.nfiwatch.demo.linalg.FloatOps;
import dev.nfiwatch.demo.model.Parameter;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Single optimizer updates against values computed by hand. */
class OptimizerStepTest {

  private static Parameter<DMatrixRMaj> parameter(double value, double grad) {
    return new Parameter<>(
        "p", new DMatrixRMaj(1, 1, true, value), new DMatrixRMaj(1, 1, true, grad));
  }

  private static OptimizerSettings settings(OptimizerKind kind, double weightDecay) {
    return new OptimizerSettings(kind, 0.1, 0.9, 0.999, 1e-8, weightDecay, 0.9);
  }

  @Test
  void firstAdamStepMovesByTheLearningRate() {
    // m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 2.5e-4; m̂ = 0.5, v̂ = 0.25;
    // p = 1 − 0.1 · 0.5 / (0.5 + 1e-8) = 0.9 + 2e-9 (to 1e-17).
    Parameter<DMatrixRMaj> p = parameter(1.0, 0.5);
    Optimizers.create(new DoubleOps(false), List.of(p), settings(OptimizerKind.ADAM, 0)).step();

    assertThat(p.value().get(0)).isCloseTo(0.9 + 2e-9, within(1e-15));
  }

  @Test
  void adamAddsWeightDecayToTheGradient() {
    // g = 0.5 + 0.1·1 = 0.6; the first step still moves by lr: p = 1 − 0.1·0.6/(0.6 + 1e-8).
    Parameter<DMatrixRMaj> p = parameter(1.0, 0.5);
    Optimizers.create(new DoubleOps(false), List.of(p), settings(OptimizerKind.ADAM, 0.1)).step();

    assertThat(p.value().get(0)).isCloseTo(1 - 0.1 * 0.6 / (0.6 + 1e-8), within(1e-15));
  }

  @Test
  void adamwDecaysTheValueBeforeTheAdamStep() {
    // p = 1·(1 − 0.1·0.1) − 0.1·0.5/(0.5 + 1e-8) = 0.99 − 0.1 + 2e-9.
    Parameter<DMatrixRMaj> p = parameter(1.0, 0.5);
    Optimizers.create(new DoubleOps(false), List.of(p), settings(OptimizerKind.ADAMW, 0.1)).step();

    assertThat(p.value().get(0)).isCloseTo(0.89 + 2e-9, within(1e-15));
  }

  @Test
  void sgdMomentumAccumulatesTheGradient() {
    // step 1: b = 0.5, p = 1 − 0.05 = 0.95; step 2: b = 0.45 + 0.5 = 0.95, p = 0.95 − 0.095.
    Parameter<DMatrixRMaj> p = parameter(1.0, 0.5);
    Optimizer sgd = Optimizers.create(new DoubleOps(false), List.of(p), settings(OptimizerKind.SGD, 0));
    sgd.step();
    sgd.step();

    assertThat(p.value().get(0)).isCloseTo(0.855, within(1e-15));
  }

  @Test
  void floatAdamStepKeepsEverythingInFloat() {
    Parameter<FMatrixRMaj> p =
        new Parameter<>("p", new FMatrixRMaj(1, 1, true, 1f), new FMatrixRMaj(1, 1, true, 0.5f));
    Optimizers.create(new FloatOps(false), List.of(p), settings(OptimizerKind.ADAM, 0)).step();

    assertThat(p.value().get(0)).isCloseTo(0.9f, within(1e-7f));
  }
}
