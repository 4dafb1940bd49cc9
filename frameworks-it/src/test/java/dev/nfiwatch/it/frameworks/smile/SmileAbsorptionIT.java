package dev.nfiwatch.it.frameworks.smile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.it.frameworks.ForkedTrainer;
import dev.nfiwatch.it.frameworks.Jdk25;
import dev.nfiwatch.it.frameworks.Snapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The {@code smile} probe at a realistic size (100-128-10, float32, mini-batch 64; JDK 25), with
 * logits made confident by scaling the output layer: the agent's absorbed, dead and sample counts
 * equal those the trainer counts on the same gradients, its errors stay 0, and after a warm-up its
 * readers do not allocate per call on the training thread.
 */
class SmileAbsorptionIT {

  /** A Java 25 class, compiled by the test: not on this test's class path. */
  private static final String TRAINER = "dev.nfiwatch.it.frameworks.smile.SmileConfidentTrainer";

  @Test
  void absorptionCountsEqualAnIndependentCountAndTheReadersAllocateNothing() throws Exception {
    Path jdk = Jdk25.home();
    Path dir = ForkedTrainer.workDir("smile-absorption");
    Path classes = SmileClasses.compile(jdk, dir.resolve("classes"));
    Path snapshotFile = dir.resolve("snapshot.prom");
    ForkedTrainer.Run run =
        new ForkedTrainer(jdk.resolve("bin").resolve("java").toString(), TRAINER)
            .classPathFirst(classes.toString())
            .jvmOption("--enable-native-access=ALL-UNNAMED")
            .env("OPENBLAS_NUM_THREADS", "1")
            .withAgent("port=0,snapshot=" + snapshotFile, "220", "20", "160");

    Snapshot snapshot = Snapshot.read(snapshotFile);
    assertThat(snapshot.value("nfi_backward_calls_total", "smile")).isEqualTo(run.number("steps"));
    assertThat(snapshot.value("nfi_samples_total", "smile")).isEqualTo(run.number("countedSamples"));
    assertThat(run.number("countedAbsorbed"))
        .as("confident logits absorb some samples, not all")
        .isPositive()
        .isLessThan(run.number("countedSamples"));
    assertThat(snapshot.value("nfi_absorbed_samples_total", "smile"))
        .isEqualTo(run.number("countedAbsorbed"));
    assertThat(snapshot.value("nfi_dead_samples_total", "smile")).isEqualTo(run.number("countedDead"));
    assertThat(snapshot.errors("smile")).isZero();
    assertThat(run.number("agentMeteredEvents"))
        .as("events metered after the warm-up: 3 per example, 1 per step")
        .isEqualTo(60 * (3 * 64 + 1));
    // A per-call allocation would show in every step; a deoptimisation of the library's compiled
    // loop re-creates the objects it had optimised away, once, inside whichever call it hits.
    assertThat(run.number("agentAllocatingEvents"))
        .as("events that allocated in the agent's sink: %s", run.get("agentAllocations"))
        .isLessThanOrEqualTo(2);
  }
}
