package dev.nfiwatch.it.frameworks.smile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nfiwatch.it.frameworks.ForkedTrainer;
import dev.nfiwatch.it.frameworks.Jdk25;
import dev.nfiwatch.it.frameworks.RecomputedStep;
import dev.nfiwatch.it.frameworks.Snapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Smile's multilayer perceptron (Java 25) trained in a forked JDK 25 JVM, once without and once with
 * the shaded agent: the {@code smile} probe switches itself on, counts one step per Smile mini-batch
 * update and one sample per example, its last-batch statistics match those recomputed from the same
 * examples, and the trained weights are bit-identical. The trainer is compiled with JDK 25 ({@link
 * SmileClasses}).
 */
class SmileProbeIT {

  private static final String[] ARGS = {"500", "10", "32"};

  @Test
  void countsSmileUpdatesAndLeavesTheModelBitIdentical() throws Exception {
    Path jdk = Jdk25.home();
    Path dir = ForkedTrainer.workDir("smile");
    Path classes = SmileClasses.compile(jdk, dir.resolve("classes"));
    ForkedTrainer trainer =
        new ForkedTrainer(jdk.resolve("bin").resolve("java").toString(),
                "dev.nfiwatch.it.frameworks.smile.SmileTrainer")
            .classPathFirst(classes.toString())
            .jvmOption("--enable-native-access=ALL-UNNAMED")
            .env("OPENBLAS_NUM_THREADS", "1");
    ForkedTrainer.Run plain = trainer.plain(with(dir.resolve("plain.rows")));
    Path snapshotFile = dir.resolve("snapshot.prom");
    Path rows = dir.resolve("agent.rows");
    ForkedTrainer.Run watched = trainer.withAgent("port=0,snapshot=" + snapshotFile, with(rows));

    assertThat(watched.output).contains("instrumented smile.model.mlp.OutputLayer");
    assertThat(watched.get("checksum")).as("trained weights with the agent").isEqualTo(plain.get("checksum"));
    assertThat(plain.get("scalarType")).isEqualTo("Float32");
    assertThat(plain.number("steps")).as("Smile's own update count").isEqualTo(160);
    assertThat(plain.number("trainerSteps")).isEqualTo(160);
    assertThat(plain.number("samples")).isEqualTo(5000);
    assertThat(plain.get("batchSizes")).isEqualTo("32x150,20x10");

    Snapshot snapshot = Snapshot.read(snapshotFile);
    assertThat(snapshot.value("nfi_backward_calls_total", "smile")).isEqualTo(watched.number("steps"));
    assertThat(snapshot.value("nfi_samples_total", "smile")).isEqualTo(watched.number("samples"));
    assertThat(snapshot.errors("smile")).isZero();
    double meanRowNorm = Double.parseDouble(watched.get("meanRowNormEnd"));
    assertThat(snapshot.value("nfi_classifier_mean_norm", "smile"))
        .as("the agent's ‖w̄‖ of the last step (before its update) vs the trained weights'")
        .isCloseTo(meanRowNorm, within(0.02 * meanRowNorm));
    assertThat(snapshot.value("nfi_logit_gap_threshold_nats", "smile", "dtype=\"fp32\""))
        .isCloseTo(16.64, within(0.01));

    RecomputedStep last = RecomputedStep.of(rows, -1, true);
    assertThat(last.batch).isEqualTo(20);
    assertThat(last.maxGradientDeviation).as("gradient = onehot − softmax(logits)").isLessThan(1e-4);
    assertThat(snapshot.value("nfi_absorption_ratio", "smile"))
        .isEqualTo((double) last.absorbed / last.batch);
    assertThat(snapshot.value("nfi_zero_sum_residual_ratio", "smile"))
        .isCloseTo(last.residualRatio, within(1e-9));
    // The trainer recomputes the logits from W·h + b; Smile's BLAS sums in another order.
    assertThat(snapshot.value("nfi_logit_mean", "smile"))
        .isCloseTo(last.meanLogit, within(1e-5 * Math.max(1, Math.abs(last.meanLogit))));
    assertThat(snapshot.value("nfi_loss", "smile")).isCloseTo(last.loss, within(1e-4 * Math.max(1, last.loss)));
  }

  private static String[] with(Path rows) {
    String[] all = java.util.Arrays.copyOf(ARGS, ARGS.length + 1);
    all[ARGS.length] = rows.toString();
    return all;
  }
}
