package dev.nfiwatch.it.frameworks.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.it.frameworks.ForkedTrainer;
import dev.nfiwatch.it.frameworks.Snapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The {@code dl4j} probe at a realistic size (784-256-10, float32, batch 128), with logits made
 * confident by scaling the output layer: the agent's absorbed and sample counts equal those the
 * trainer counts on the same gradients, its errors stay 0, and after a warm-up its readers do not
 * allocate per call on the training thread.
 */
class Dl4jAbsorptionIT {

  @Test
  void absorptionCountsEqualAnIndependentCountAndTheReadersAllocateNothing() throws Exception {
    Path snapshotFile = ForkedTrainer.workDir("dl4j-absorption").resolve("snapshot.prom");
    ForkedTrainer.Run run =
        new ForkedTrainer(ForkedTrainer.currentJava(), Dl4jConfidentTrainer.class.getName())
            .env("OMP_NUM_THREADS", "1")
            .withAgent("port=0,snapshot=" + snapshotFile, "784,256,10", "128", "220", "40", "160");

    Snapshot snapshot = Snapshot.read(snapshotFile);
    assertThat(run.number("steps")).isEqualTo(220);
    assertThat(snapshot.value("nfi_backward_calls_total", "dl4j")).isEqualTo(220);
    assertThat(snapshot.value("nfi_samples_total", "dl4j")).isEqualTo(run.number("countedSamples"));
    assertThat(run.number("countedAbsorbed"))
        .as("confident logits absorb some samples, not all")
        .isPositive()
        .isLessThan(run.number("countedSamples"));
    assertThat(snapshot.value("nfi_absorbed_samples_total", "dl4j"))
        .isEqualTo(run.number("countedAbsorbed"));
    assertThat(snapshot.value("nfi_dead_samples_total", "dl4j")).isEqualTo(run.number("countedDead"));
    assertThat(snapshot.errors("dl4j")).isZero();
    assertThat(run.number("agentMeteredEvents")).as("events metered after the warm-up").isEqualTo(3 * 60);
    // A per-call allocation would show in every step; a deoptimisation of the library's compiled
    // loop re-creates the objects it had optimised away, once, inside whichever call it hits.
    assertThat(run.number("agentAllocatingEvents"))
        .as("events that allocated in the agent's sink: %s", run.get("agentAllocations"))
        .isLessThanOrEqualTo(2);
  }
}
