package dev.nfiwatch.it.frameworks.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nfiwatch.it.frameworks.ForkedTrainer;
import dev.nfiwatch.it.frameworks.RecomputedStep;
import dev.nfiwatch.it.frameworks.Snapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A Deeplearning4j multilayer perceptron trained in float32 in a forked JVM (one OpenMP thread),
 * once without and once with the shaded agent, long enough for its logit gaps to pass float32's
 * absorption threshold: the {@code dl4j} probe switches itself on, counts one step per DL4J
 * iteration with the batch sizes the loss saw, sees absorbed samples, its last-batch statistics
 * match those recomputed from the same logits, its ‖w̄‖ follows the output layer's growth, and the
 * trained parameters are bit-identical.
 */
class Dl4jProbeIT {

  private static final String[] ARGS = {"600", "60", "64", "0.03"};

  @Test
  void countsDl4jIterationsSeesFloat32AbsorptionAndLeavesTheModelBitIdentical() throws Exception {
    Path dir = ForkedTrainer.workDir("dl4j");
    ForkedTrainer trainer =
        new ForkedTrainer(ForkedTrainer.currentJava(), Dl4jTrainer.class.getName())
            .env("OMP_NUM_THREADS", "1");
    ForkedTrainer.Run plain = trainer.plain(with(ARGS, dir.resolve("plain.rows")));
    Path snapshotFile = dir.resolve("snapshot.prom");
    Path rows = dir.resolve("agent.rows");
    ForkedTrainer.Run watched =
        trainer.withAgent("port=0,snapshot=" + snapshotFile, with(ARGS, rows));

    assertThat(watched.output).contains("instrumented org.nd4j.linalg.lossfunctions.impl.LossMCXENT");
    assertThat(watched.get("checksum")).as("trained parameters with the agent").isEqualTo(plain.get("checksum"));
    assertThat(plain.number("steps")).isEqualTo(600);
    assertThat(plain.get("batchSizes")).isEqualTo("64x540,24x60");
    assertThat(plain.number("samples")).isEqualTo(36_000);

    Snapshot snapshot = Snapshot.read(snapshotFile);
    assertThat(snapshot.value("nfi_backward_calls_total", "dl4j")).isEqualTo(watched.number("steps"));
    assertThat(snapshot.value("nfi_samples_total", "dl4j")).isEqualTo(watched.number("samples"));
    assertThat(snapshot.errors("dl4j")).isZero();
    assertThat(snapshot.value("nfi_absorbed_samples_total", "dl4j"))
        .as("float32 absorption reached").isPositive();
    assertThat(snapshot.value("nfi_logit_gap_threshold_nats", "dl4j", "dtype=\"fp32\""))
        .isCloseTo(16.64, within(0.01));

    RecomputedStep last = RecomputedStep.of(rows, 1, true);
    assertThat(last.batch).isEqualTo(24);
    assertThat(last.maxGradientDeviation).as("gradient = softmax(logits) − onehot").isLessThan(1e-6);
    assertThat(snapshot.value("nfi_absorption_ratio", "dl4j"))
        .isEqualTo((double) last.absorbed / last.batch);
    assertThat(snapshot.value("nfi_zero_sum_residual_ratio", "dl4j"))
        .isCloseTo(last.residualRatio, within(1e-9));
    // The agent sums float logits row by row in float (rounding at float precision).
    assertThat(snapshot.value("nfi_logit_mean", "dl4j"))
        .isCloseTo(last.meanLogit, within(1e-6 * Math.max(1, Math.abs(last.meanLogit))));
    assertThat(snapshot.value("nfi_loss", "dl4j")).isCloseTo(last.loss, within(1e-5 + 1e-4 * last.loss));

    double start = Double.parseDouble(watched.get("meanRowNormStart"));
    double end = Double.parseDouble(watched.get("meanRowNormEnd"));
    assertThat(end).as("‖w̄‖ grows (the trainer's own measure)").isGreaterThan(1.5 * start);
    assertThat(snapshot.value("nfi_classifier_mean_norm", "dl4j"))
        .as("the agent's ‖w̄‖ of the last step, before its update")
        .isCloseTo(end, within(0.02 * end));
    assertThat(snapshot.value("nfi_growth_rate", "dl4j", "signal=\"classifier_mean\""))
        .as("‖w̄‖ growth rate per step").isPositive();
    assertThat(snapshot.value("nfi_first_absorption_step", "dl4j")).isBetween(1.0, 600.0);
  }

  private static String[] with(String[] args, Path rows) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = rows.toString();
    return all;
  }
}
