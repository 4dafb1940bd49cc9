package dev.nfiwatch.demo.cli;

import dev.nfiwatch.demo.optim.OptimizerSettings;
import dev.nfiwatch.demo.train.TaskSpec;
import dev.nfiwatch.demo.train.TaskSpec.TaskKind;
import dev.nfiwatch.demo.train.TrainingConfig;
import java.util.Locale;

/** The one-line summary of a run's configuration printed before training. */
final class Describe {

  private Describe() {}

  static String config(Preset preset, TrainingConfig c) {
    TaskSpec t = c.task();
    OptimizerSettings o = c.optimizer();
    String task =
        t.kind() == TaskKind.MODADD
            ? String.format(Locale.ROOT, "modadd p=%d", t.modulus())
            : String.format(Locale.ROOT, "clusters K=%d d=%d", t.classes(), t.dimensions());
    String batch = c.batch() == 0 ? "full batch" : "batch " + c.batch();
    return String.format(
        Locale.ROOT,
        "nfiwatch demo: preset %s, %s, %s, %d train examples, width %d depth %d, %s, %s lr %s"
            + " β=(%s, %s) ε=%s wd %s, %d steps, seed %d, %d thread(s)",
        preset.name().toLowerCase(Locale.ROOT),
        c.precision().format(),
        task,
        t.trainSize(),
        c.width(),
        c.depth(),
        batch,
        o.kind().name().toLowerCase(Locale.ROOT),
        o.lr(),
        o.beta1(),
        o.beta2(),
        o.eps(),
        o.weightDecay(),
        c.steps(),
        c.seed(),
        c.threads());
  }
}
