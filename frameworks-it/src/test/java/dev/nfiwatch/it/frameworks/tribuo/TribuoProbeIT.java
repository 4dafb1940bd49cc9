package dev.nfiwatch.it.frameworks.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nfiwatch.it.frameworks.ForkedTrainer;
import dev.nfiwatch.it.frameworks.RecomputedStep;
import dev.nfiwatch.it.frameworks.Snapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Tribuo's linear SGD classifier trained in a forked JVM, once without and once with the shaded
 * agent: the {@code tribuo} probe switches itself on, counts one step per Tribuo mini-batch and one
 * sample per example, its last-batch statistics match those recomputed from the same logits, and
 * the trained weights are bit-identical.
 */
class TribuoProbeIT {

  private static final int EXAMPLES = 1000;
  private static final int EPOCHS = 3;
  private static final int MINIBATCH = 32;

  @Test
  void countsTribuoStepsAndLeavesTheModelBitIdentical() throws Exception {
    Path dir = ForkedTrainer.workDir("tribuo");
    ForkedTrainer trainer =
        new ForkedTrainer(ForkedTrainer.currentJava(), TribuoTrainer.class.getName());
    String[] args = {"" + EXAMPLES, "" + EPOCHS, "" + MINIBATCH, dir.resolve("plain.rows").toString()};
    ForkedTrainer.Run plain = trainer.plain(args);
    Path snapshotFile = dir.resolve("snapshot.prom");
    Path rows = dir.resolve("agent.rows");
    ForkedTrainer.Run watched =
        trainer.withAgent(
            "port=0,snapshot=" + snapshotFile,
            "" + EXAMPLES, "" + EPOCHS, "" + MINIBATCH, rows.toString());

    assertThat(watched.output).contains("instrumented " + LogMulticlassName.NAME);
    assertThat(watched.get("checksum")).as("trained weights with the agent").isEqualTo(plain.get("checksum"));

    long stepsPerEpoch = (EXAMPLES + MINIBATCH - 1) / MINIBATCH;
    assertThat(plain.number("steps")).isEqualTo(EPOCHS * stepsPerEpoch);
    assertThat(plain.number("samples")).isEqualTo((long) EPOCHS * EXAMPLES);
    assertThat(plain.get("batchSizes")).isEqualTo("32x93,8x3");

    Snapshot snapshot = Snapshot.read(snapshotFile);
    assertThat(snapshot.value("nfi_backward_calls_total", "tribuo")).isEqualTo(watched.number("steps"));
    assertThat(snapshot.value("nfi_samples_total", "tribuo")).isEqualTo(watched.number("samples"));
    assertThat(snapshot.errors("tribuo")).isZero();
    double meanRowNorm = Double.parseDouble(watched.get("meanRowNormEnd"));
    assertThat(snapshot.value("nfi_classifier_mean_norm", "tribuo"))
        .as("the agent's ‖w̄‖ of the last step (before its update) vs the trained weights'")
        .isCloseTo(meanRowNorm, within(0.02 * meanRowNorm));

    RecomputedStep last = RecomputedStep.of(rows, -1, false);
    assertThat(last.batch).as("last step = the epoch's remainder").isEqualTo(EXAMPLES % MINIBATCH);
    assertThat(last.maxGradientDeviation).as("gradient = onehot − softmax(logits)").isLessThan(1e-12);
    assertThat(snapshot.value("nfi_absorption_ratio", "tribuo"))
        .isEqualTo((double) last.absorbed / last.batch);
    assertThat(snapshot.value("nfi_zero_sum_residual_ratio", "tribuo"))
        .isCloseTo(last.residualRatio, within(1e-12));
    assertThat(snapshot.value("nfi_logit_mean", "tribuo"))
        .isCloseTo(last.meanLogit, within(1e-9 * Math.max(1, Math.abs(last.meanLogit))));
    assertThat(snapshot.value("nfi_loss", "tribuo"))
        .isCloseTo(last.loss, within(1e-9 * Math.max(1, last.loss)));
  }

  /**
   * Two Tribuo models trained at the same moment in two threads of one JVM: each is a model of its
   * own to the probe (kept apart by its parameters object, assembled by its thread), with the steps
   * and samples of one model trained alone, and the weights stay bit-identical.
   */
  @Test
  void twoModelsTrainedAtOnceAreKeptApart() throws Exception {
    Path dir = ForkedTrainer.workDir("tribuo-two");
    ForkedTrainer trainer =
        new ForkedTrainer(ForkedTrainer.currentJava(), TribuoTrainer.class.getName());
    String[] args = {"" + EXAMPLES, "" + EPOCHS, "" + MINIBATCH, "-", "2"};
    ForkedTrainer.Run plain = trainer.plain(args);
    Path snapshotFile = dir.resolve("snapshot.prom");
    ForkedTrainer.Run watched = trainer.withAgent("port=0,snapshot=" + snapshotFile, args);

    long steps = EPOCHS * ((EXAMPLES + MINIBATCH - 1) / MINIBATCH);
    Snapshot snapshot = Snapshot.read(snapshotFile);
    for (String model : new String[] {"0", "1"}) {
      String checksum = "checksum" + (char) ('A' + Integer.parseInt(model));
      assertThat(snapshot.value("nfi_backward_calls_total", "tribuo", "model=\"" + model + "\""))
          .as("steps of model " + model).isEqualTo(steps);
      assertThat(snapshot.value("nfi_samples_total", "tribuo", "model=\"" + model + "\""))
          .as("samples of model " + model).isEqualTo((long) EPOCHS * EXAMPLES);
      assertThat(watched.get(checksum)).isEqualTo(plain.get(checksum));
    }
    assertThat(plain.get("checksumA")).isEqualTo(plain.get("checksumB"));
    assertThat(snapshot.errors("tribuo")).isZero();
  }

  /**
   * With {@code analysis.max.samples=16}, Tribuo's 32-example steps are counted as {@code
   * batch_too_large} and not staged past the limit, its 8-example epoch remainders are analysed,
   * and the weights stay bit-identical.
   */
  @Test
  void stepsAboveTheSampleLimitAreCountedNotCopied() throws Exception {
    Path dir = ForkedTrainer.workDir("tribuo-limit");
    ForkedTrainer trainer =
        new ForkedTrainer(ForkedTrainer.currentJava(), TribuoTrainer.class.getName());
    String[] args = {"" + EXAMPLES, "" + EPOCHS, "" + MINIBATCH, "-"};
    ForkedTrainer.Run plain = trainer.plain(args);
    Path snapshotFile = dir.resolve("snapshot.prom");
    ForkedTrainer.Run watched =
        trainer.withAgent("port=0,analysis.max.samples=16,snapshot=" + snapshotFile, args);

    assertThat(watched.get("checksum")).isEqualTo(plain.get("checksum"));
    Snapshot snapshot = Snapshot.read(snapshotFile);
    long fullSteps = EPOCHS * (EXAMPLES / MINIBATCH);
    assertThat(snapshot.value("nfi_backward_calls_total", "tribuo"))
        .isEqualTo(watched.number("steps"));
    assertThat(snapshot.value("nfi_probe_errors_total", "tribuo", "reason=\"batch_too_large\""))
        .isEqualTo(fullSteps);
    assertThat(snapshot.errors("tribuo")).isEqualTo(fullSteps);
    assertThat(snapshot.value("nfi_samples_total", "tribuo"))
        .isEqualTo((double) EPOCHS * (EXAMPLES % MINIBATCH));
    assertThat(watched.output).containsOnlyOnce("batch_too_large: more than 16 samples");
  }

  /** The instrumented class's name as the agent logs it. */
  private static final class LogMulticlassName {
    static final String NAME = "org.tribuo.classification.sgd.objectives.LogMulticlass";
  }
}
