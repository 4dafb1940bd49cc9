package dev.nfiwatch.demo.cli;

import dev.nfiwatch.demo.optim.OptimizerSettings;
import dev.nfiwatch.demo.train.TaskSpec;
import dev.nfiwatch.demo.train.TrainingConfig;
import java.util.Locale;

/** Checks a resolved configuration; the first bad value becomes one clear message. */
final class ConfigChecks {

  private ConfigChecks() {}

  /**
   * @throws IllegalArgumentException naming the option and the accepted range
   */
  static void check(TrainingConfig c) {
    TaskSpec task = c.task();
    OptimizerSettings o = c.optimizer();
    require(c.steps() >= 1, "--steps must be at least 1, got %d", c.steps());
    require(c.width() >= 1, "--width must be at least 1, got %d", c.width());
    require(c.depth() >= 0, "--depth must be 0 or more, got %d", c.depth());
    require(c.threads() >= 1, "--threads must be at least 1, got %d", c.threads());
    require(c.evalEvery() >= 1, "--eval-every must be at least 1, got %d", c.evalEvery());
    require(
        task.trainShare() > 0 && task.trainShare() < 1,
        "--train-share must be between 0 and 1 (exclusive), got %s",
        task.trainShare());
    require(task.modulus() >= 2, "--modulus must be at least 2, got %d", task.modulus());
    require(task.classes() >= 2, "--classes must be at least 2, got %d", task.classes());
    require(task.dimensions() >= 1, "--dims must be at least 1, got %d", task.dimensions());
    require(task.samples() >= 2, "--samples must be at least 2, got %d", task.samples());
    require(task.trainSize() >= 1, "the training set is empty: raise --train-share");
    require(c.batch() >= 0, "--batch must be 0 (full batch) or more, got %d", c.batch());
    require(
        c.batch() <= task.trainSize(),
        "--batch %d exceeds the %d training examples (use 0 for full batch)",
        c.batch(),
        task.trainSize());
    require(o.lr() > 0 && Double.isFinite(o.lr()), "--lr must be positive, got %s", o.lr());
    require(o.eps() > 0 && Double.isFinite(o.eps()), "--eps must be positive, got %s", o.eps());
    require(o.beta1() >= 0 && o.beta1() < 1, "--beta1 must be in [0, 1), got %s", o.beta1());
    require(o.beta2() >= 0 && o.beta2() < 1, "--beta2 must be in [0, 1), got %s", o.beta2());
    require(
        o.weightDecay() >= 0 && Double.isFinite(o.weightDecay()),
        "--weight-decay must be 0 or more, got %s",
        o.weightDecay());
    require(
        o.momentum() >= 0 && o.momentum() < 1,
        "--momentum must be in [0, 1), got %s",
        o.momentum());
  }

  private static void require(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }
}
