package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NFI on the real demo trainer with the shaded agent: the fp32 slingshot preset raises {@code
 * nfi_onset} before its first loss spike, repair mode removes the spikes, and fp64 shows no onset.
 * Each run is the slingshot preset cut to 1500 steps (its first fp32 spike on seed 1 is at 1379).
 */
class NfiIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String DEMO_MAIN = "dev.nfiwatch.demo.DemoTrainer";
  private static final String PROBE = "{probe=\"demo\"}";

  private static final class Outcome {
    final ForkedJvm jvm;
    final int spikes;
    final long firstSpike;
    final Scrape snapshot;

    Outcome(ForkedJvm jvm, int spikes, long firstSpike, Scrape snapshot) {
      this.jvm = jvm;
      this.spikes = spikes;
      this.firstSpike = firstSpike;
      this.snapshot = snapshot;
    }
  }

  private static Outcome runDemo(Path dir, String mode, String precision) throws Exception {
    Path snapshot = dir.resolve(precision + "-" + mode + ".prom");
    try (ForkedJvm jvm =
        ForkedJvm.start(
            null,
            "port=0,mode=" + mode + ",snapshot=" + snapshot,
            List.of(),
            ForkedJvm.DEMO_JAR.toString(),
            DEMO_MAIN,
            "--preset", "slingshot", "--precision", precision, "--seed", "1", "--steps", "1500")) {
      Matcher result =
          jvm.awaitLine("result: steps=1500 spikes=(\\d+) first_spike=(-?\\d+)", TIMEOUT);
      assertThat(jvm.awaitExit(TIMEOUT)).as(jvm.output()).isZero();
      return new Outcome(
          jvm,
          Integer.parseInt(result.group(1)),
          Long.parseLong(result.group(2)),
          Scrape.read(snapshot));
    }
  }

  @Test
  void fp32OnsetFiresBeforeTheFirstSpikeAndRepairRemovesTheSpikes(@TempDir Path dir)
      throws Exception {
    Outcome observed = runDemo(dir, "observe", "fp32");
    assertThat(observed.spikes).as("the preset spikes in fp32").isGreaterThanOrEqualTo(1);
    assertThat(observed.snapshot.value("nfi_onsets_total" + PROBE)).isEqualTo(1);
    assertThat(observed.snapshot.value("nfi_onset" + PROBE)).isEqualTo(1);
    double onsetStep = observed.snapshot.value("nfi_onset_step" + PROBE);
    double firstAbsorption = observed.snapshot.value("nfi_first_absorption_step" + PROBE);
    assertThat(onsetStep).isGreaterThan(firstAbsorption).isLessThan(observed.firstSpike);
    assertThat(observed.snapshot.value("nfi_loss_spikes_total" + PROBE))
        .as("the agent's spike count agrees with the trainer's")
        .isEqualTo(observed.spikes);
    assertThat(observed.snapshot.value("nfi_last_spike_step" + PROBE)).isPositive();
    assertThat(observed.snapshot.value("nfi_repaired_samples_total" + PROBE)).isZero();
    assertThat(observed.snapshot.value("nfi_classifier_norm" + PROBE)).isPositive();
    assertThat(observed.snapshot.value("nfi_feature_mean_norm" + PROBE)).isPositive();
    assertThat(observed.snapshot.value("nfi_growth_r2{probe=\"demo\",signal=\"logit_mean\"}"))
        .isBetween(0.0, 1.0);
    assertThat(observed.jvm.linesContaining("probe demo: NFI onset #1 at step " + (long) onsetStep))
        .hasSize(1);

    Outcome repaired = runDemo(dir, "repair", "fp32");
    assertThat(repaired.jvm.linesContaining("MODE=REPAIR")).isNotEmpty();
    assertThat(repaired.spikes).isZero();
    assertThat(repaired.snapshot.value("nfi_repaired_samples_total" + PROBE)).isPositive();
    assertThat(repaired.snapshot.value("nfi_first_absorption_step" + PROBE))
        .as("absorption is still measured on the unrepaired gradient")
        .isPositive();
    assertThat(repaired.snapshot.value("nfi_onsets_total" + PROBE)).isZero();
  }

  @Test
  void fp64ShowsNoOnset(@TempDir Path dir) throws Exception {
    Outcome fp64 = runDemo(dir, "observe", "fp64");
    assertThat(fp64.spikes).isZero();
    assertThat(fp64.snapshot.value("nfi_onsets_total" + PROBE)).isZero();
    assertThat(fp64.snapshot.value("nfi_onset" + PROBE)).isZero();
    assertThat(fp64.snapshot.value("nfi_onset_step" + PROBE)).isEqualTo(-1);
  }
}
