package dev.nfiwatch.it.frameworks.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.it.frameworks.ForkedTrainer;
import dev.nfiwatch.it.frameworks.Snapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The {@code tribuo} probe at a realistic size (100 features × 20 classes, Adam, mini-batch 64)
 * with logit gaps driven past double precision's absorption threshold: the agent's absorbed, dead
 * and sample counts equal those the trainer counts on the same gradients, its errors stay 0, and
 * after a warm-up its readers do not allocate per call on the training thread.
 */
class TribuoAbsorptionIT {

  @Test
  void absorptionCountsEqualAnIndependentCountAndTheReadersAllocateNothing() throws Exception {
    Path snapshotFile = ForkedTrainer.workDir("tribuo-absorption").resolve("snapshot.prom");
    ForkedTrainer.Run run =
        new ForkedTrainer(ForkedTrainer.currentJava(), TribuoConfidentTrainer.class.getName())
            .withAgent("port=0,snapshot=" + snapshotFile, "3", "1", "0.002", "200");

    Snapshot snapshot = Snapshot.read(snapshotFile);
    assertThat(snapshot.value("nfi_backward_calls_total", "tribuo")).isEqualTo(run.number("steps"));
    assertThat(snapshot.value("nfi_samples_total", "tribuo")).isEqualTo(run.number("countedSamples"));
    assertThat(run.number("countedAbsorbed"))
        .as("large logit gaps absorb some samples, not all")
        .isPositive()
        .isLessThan(run.number("countedSamples"));
    assertThat(snapshot.value("nfi_absorbed_samples_total", "tribuo"))
        .isEqualTo(run.number("countedAbsorbed"));
    assertThat(snapshot.value("nfi_dead_samples_total", "tribuo"))
        .isEqualTo(run.number("countedDead"));
    assertThat(snapshot.errors("tribuo")).isZero();
    assertThat(run.number("agentMeteredEvents"))
        .as("events metered after the warm-up: 3 per example, 1 per step")
        .isEqualTo(100 * (3 * 64 + 1));
    // A per-call allocation would show in every step; a deoptimisation of the library's compiled
    // loop re-creates the objects it had optimised away, once, inside whichever call it hits.
    assertThat(run.number("agentAllocatingEvents"))
        .as("events that allocated in the agent's sink: %s", run.get("agentAllocations"))
        .isLessThanOrEqualTo(2);
  }
}
