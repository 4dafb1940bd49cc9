package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NFI on the real demo trainer with the shaded agent: the fp32 slingshot preset raises {@code
 * nfi_onset} before its first loss spike, repair mode removes the spikes (and the inflation of ‖w̄‖)
 * without hurting train accuracy, and fp64 shows no onset.
 * Each run is the slingshot preset cut to 1500 steps (its first fp32 spike on seed 1 is at 1379).
 */
class NfiIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String DEMO_MAIN = "dev.nfiwatch.demo.DemoTrainer";
  private static final String PROBE = "{model=\"0\",probe=\"demo\"}";

  private static final class Outcome {
    final ForkedJvm jvm;
    /** Unix seconds before the JVM started and after it exited. */
    final double startedAt;
    final double endedAt;
    final int spikes;
    final long firstSpike;
    final Scrape snapshot;
    final List<String[]> csv;
    final List<String> header;

    Outcome(
        ForkedJvm jvm,
        double startedAt,
        double endedAt,
        int spikes,
        long firstSpike,
        Scrape snapshot,
        List<String> csvLines) {
      this.jvm = jvm;
      this.startedAt = startedAt;
      this.endedAt = endedAt;
      this.spikes = spikes;
      this.firstSpike = firstSpike;
      this.snapshot = snapshot;
      this.header = List.of(csvLines.get(0).split(","));
      this.csv = new ArrayList<>();
      for (String line : csvLines.subList(1, csvLines.size())) {
        csv.add(line.split(","));
      }
    }

    /** The demo's CSV value of {@code column} at {@code step} (steps start at 1). */
    double at(long step, String column) {
      return Double.parseDouble(csv.get((int) step - 1)[header.indexOf(column)]);
    }

    /** The smallest value of {@code column} from {@code step} on. */
    double minFrom(long step, String column) {
      double min = Double.POSITIVE_INFINITY;
      for (long s = step; s <= csv.size(); s++) {
        min = Math.min(min, at(s, column));
      }
      return min;
    }
  }

  private static Outcome runDemo(Path dir, String mode, String precision) throws Exception {
    double startedAt = System.currentTimeMillis() / 1000.0;
    Path snapshot = dir.resolve(precision + "-" + mode + ".prom");
    Path csv = dir.resolve(precision + "-" + mode + ".csv");
    try (ForkedJvm jvm =
        ForkedJvm.start(
            null,
            "port=0,mode=" + mode + ",snapshot=" + snapshot,
            List.of(),
            ForkedJvm.DEMO_JAR.toString(),
            DEMO_MAIN,
            "--preset", "slingshot", "--precision", precision, "--seed", "1", "--steps", "1500",
            "--csv", csv.toString())) {
      Matcher result =
          jvm.awaitLine("result: steps=1500 spikes=(\\d+) first_spike=(-?\\d+)", TIMEOUT);
      assertThat(jvm.awaitExit(TIMEOUT)).as(jvm.output()).isZero();
      return new Outcome(
          jvm,
          startedAt,
          System.currentTimeMillis() / 1000.0,
          Integer.parseInt(result.group(1)),
          Long.parseLong(result.group(2)),
          Scrape.read(snapshot),
          Files.readAllLines(csv));
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
    assertThat(observed.snapshot.value("nfi_first_loss_spike_step" + PROBE))
        .isEqualTo(observed.firstSpike);
    // The events' wall-clock times: inside the run, in the order of their steps.
    double absorbedTime = observed.snapshot.value("nfi_first_absorption_timestamp_seconds" + PROBE);
    double onsetTime = observed.snapshot.value("nfi_last_onset_timestamp_seconds" + PROBE);
    double spikeTime = observed.snapshot.value("nfi_last_loss_spike_timestamp_seconds" + PROBE);
    assertThat(absorbedTime).isBetween(observed.startedAt, observed.endedAt);
    assertThat(onsetTime).isBetween(absorbedTime, observed.endedAt);
    assertThat(spikeTime).isBetween(onsetTime, observed.endedAt);
    assertThat(observed.snapshot.value("nfi_repaired_samples_total" + PROBE)).isZero();
    assertThat(observed.snapshot.value("nfi_classifier_norm" + PROBE)).isPositive();
    assertThat(observed.snapshot.value("nfi_feature_mean_norm" + PROBE)).isPositive();
    assertThat(observed.snapshot.value("nfi_growth_r2{model=\"0\",probe=\"demo\",signal=\"logit_mean\"}"))
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
    assertThat(repaired.snapshot.value("nfi_last_onset_timestamp_seconds" + PROBE)).isZero();
    assertThat(repaired.snapshot.value("nfi_last_loss_spike_timestamp_seconds" + PROBE)).isZero();

    // ‖w̄‖ from the first absorption to the end: inflated in observe mode, flat when repaired.
    long end = 1500;
    long absorbedAt = (long) firstAbsorption;
    long repairedAbsorbedAt = (long) repaired.snapshot.value("nfi_first_absorption_step" + PROBE);
    assertThat(observed.at(end, "classifier_mean_norm") / observed.at(absorbedAt, "classifier_mean_norm"))
        .isGreaterThan(3);
    assertThat(repaired.at(end, "classifier_mean_norm")
            / repaired.at(repairedAbsorbedAt, "classifier_mean_norm"))
        .isLessThan(1.5);
    // Train accuracy is not worse: not at the end, and not at its lowest once the set is fitted.
    assertThat(repaired.at(end, "train_acc")).isGreaterThanOrEqualTo(observed.at(end, "train_acc"));
    assertThat(repaired.minFrom(absorbedAt, "train_acc"))
        .isGreaterThanOrEqualTo(observed.minFrom(absorbedAt, "train_acc"));
  }

  private static final String LINEAR = "dev.nfiwatch.it.trainer.LinearClassifierTrainer";

  private static Matcher runLinear(Path dir, String mode, Scrape[] snapshotOut) throws Exception {
    Path snapshot = dir.resolve("linear-" + mode + ".prom");
    String args =
        String.join(
            ",",
            "port=0",
            "mode=" + mode,
            "snapshot=" + snapshot,
            "probes=generic",
            "generic.class=" + LINEAR,
            "generic.method=backward",
            "generic.features=arg0",
            "generic.labels=arg1",
            "generic.logits=arg2",
            "generic.gradient=return",
            "generic.weights=field:weights",
            "generic.weightsLayout=features_x_classes");
    try (ForkedJvm jvm =
        ForkedJvm.start(null, args, List.of(), ForkedJvm.TEST_CLASSES.toString(), LINEAR)) {
      Matcher result =
          jvm.awaitLine("result: steps=300 weights_norm=(\\S+) residual_sum=(\\S+)", TIMEOUT);
      assertThat(jvm.awaitExit(TIMEOUT)).as(jvm.output()).isZero();
      assertThat(jvm.output()).contains("instrumented " + LINEAR + " (generic probe)");
      snapshotOut[0] = Scrape.read(snapshot);
      return result;
    }
  }

  @Test
  void genericProbeReadsWeightsFromAFieldAndFeaturesFromAnArgumentAndRepairsReturnedGradients(
      @TempDir Path dir) throws Exception {
    String generic = "{model=\"0\",probe=\"generic\"}";
    Scrape[] observed = new Scrape[1];
    Matcher observedResult = runLinear(dir, "observe", observed);
    assertThat(observed[0].value("nfi_classifier_norm" + generic))
        .as("‖W‖ of the field, as the last backward call saw it")
        .isEqualTo(Double.parseDouble(observedResult.group(1)));
    assertThat(observed[0].value("nfi_feature_mean_norm" + generic)).isPositive();
    assertThat(observed[0].value("nfi_absorbed_samples_total" + generic)).isPositive();
    assertThat(observed[0].value("nfi_repaired_samples_total" + generic)).isZero();

    Scrape[] repaired = new Scrape[1];
    Matcher repairedResult = runLinear(dir, "repair", repaired);
    double absorbedOrPartial =
        repaired[0].value("nfi_absorbed_samples_total" + generic)
            + repaired[0].value("nfi_partially_absorbed_samples_total" + generic);
    assertThat(repaired[0].value("nfi_repaired_samples_total" + generic))
        .isEqualTo(absorbedOrPartial)
        .isPositive();
    // The zero-sum bias that reached the trainer's update: systematic without repair.
    double observedBias = Double.parseDouble(observedResult.group(2));
    double repairedBias = Double.parseDouble(repairedResult.group(2));
    assertThat(observedBias).isPositive();
    assertThat(Math.abs(repairedBias)).isLessThan(observedBias / 10);
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
