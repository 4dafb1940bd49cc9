package dev.nfiwatch.demo.cli;

import dev.nfiwatch.demo.linalg.Kernels;
import dev.nfiwatch.demo.optim.OptimizerKind;
import dev.nfiwatch.demo.optim.OptimizerSettings;
import dev.nfiwatch.demo.train.Precision;
import dev.nfiwatch.demo.train.TaskSpec;
import dev.nfiwatch.demo.train.TaskSpec.TaskKind;
import dev.nfiwatch.demo.train.TrainingConfig;

/** Named starting configurations; every command-line option overrides its preset's value. */
public enum Preset {
  /**
   * The configuration measured in a Python framework (see README): p = 97, 30 % of pairs, width
   * 128, one hidden layer, full batch, Adam lr 1e-3, β = (0.9, 0.98), ε = 1e-8, 12000 steps.
   */
  REFERENCE(
      new TrainingConfig(
          new TaskSpec(TaskKind.MODADD, 0.3, 97, 10, 16, 2000, 3.0),
          Precision.FP32,
          128,
          1,
          0,
          12_000,
          0,
          adam(1e-3),
          100,
          1,
          Kernels.AUTO)),
  /**
   * A smaller, faster configuration (p = 31, width 32, Adam lr 1e-2, 3500 steps) that shows at least
   * two spikes in fp32 within a minute on two cores and none in fp64 with the same seed and steps.
   */
  SLINGSHOT(
      new TrainingConfig(
          new TaskSpec(TaskKind.MODADD, 0.3, 31, 10, 16, 2000, 3.0),
          Precision.FP32,
          32,
          1,
          0,
          3500,
          0,
          adam(1e-2),
          100,
          1,
          Kernels.AUTO));

  private final TrainingConfig config;

  Preset(TrainingConfig config) {
    this.config = config;
  }

  /** The preset's configuration. */
  public TrainingConfig config() {
    return config;
  }

  private static OptimizerSettings adam(double lr) {
    return new OptimizerSettings(OptimizerKind.ADAM, lr, 0.9, 0.98, 1e-8, 0.0, 0.9);
  }
}
