package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several models trained at once in one JVM ({@code --parallel N}) are kept apart by the agent:
 * each model's series equal those of a run of that model alone.
 */
class ModelsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(300);
  private static final int MODELS = 3;
  private static final String STEPS = "1500"; // past the first spike of seeds 0-2 (1340-1407)

  /** Per-model series that must equal the single run's, value for value. */
  private static final List<String> SERIES =
      List.of(
          "nfi_backward_calls_total",
          "nfi_samples_total",
          "nfi_absorbed_samples_total",
          "nfi_partially_absorbed_samples_total",
          "nfi_first_absorption_step",
          "nfi_onsets_total",
          "nfi_onset_step",
          "nfi_loss_spikes_total",
          "nfi_first_loss_spike_step",
          "nfi_last_spike_step");

  @Test
  void eachOfThreeParallelModelsReportsWhatItReportsAlone(@TempDir Path dir) throws Exception {
    Path together = dir.resolve("parallel.prom");
    String parallelOutput;
    try (ForkedJvm jvm =
        ForkedJvm.startDemo(null, "port=0,models.label=thread,snapshot=" + together,
            "--steps", STEPS, "--parallel", Integer.toString(MODELS))) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      parallelOutput = jvm.output();
    }
    Scrape parallel = Scrape.read(together);
    for (int seed = 0; seed < MODELS; seed++) {
      Path alone = dir.resolve("seed" + seed + ".prom");
      String singleOutput;
      try (ForkedJvm jvm =
          ForkedJvm.startDemo(null, "port=0,snapshot=" + alone,
              "--steps", STEPS, "--seed", Integer.toString(seed))) {
        assertThat(jvm.awaitExit(TIMEOUT)).isZero();
        singleOutput = jvm.output();
      }
      Scrape single = Scrape.read(alone);
      String model = "{model=\"trainer-" + seed + "\",probe=\"demo\"}";
      for (String series : SERIES) {
        assertThat(parallel.value(series + model))
            .as("%s of seed %d", series, seed)
            .isEqualTo(single.value(series + "{model=\"0\",probe=\"demo\"}"));
      }
      assertThat(single.value("nfi_loss_spikes_total{model=\"0\",probe=\"demo\"}"))
          .as("seed %d spikes within %s steps", seed, STEPS)
          .isPositive();
      assertThat(single.value("nfi_onsets_total{model=\"0\",probe=\"demo\"}")).isPositive();
      assertThat(checksum(parallelOutput, "result: model=" + seed + " seed=" + seed + " .*"))
          .as("seed %d trains bit-identically in parallel", seed)
          .isEqualTo(checksum(singleOutput, "result: steps=.*"));
      assertThat(onsetStep(parallelOutput, "trainer-" + seed))
          .isEqualTo(onsetStep(singleOutput, "0"));
    }
  }

  @Test
  void modelsBeyondTheCapCountAsOther(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("capped.prom");
    try (ForkedJvm jvm =
        ForkedJvm.startDemo(null, "port=0,models.max=2,snapshot=" + snapshot,
            "--steps", "60", "--parallel", "3")) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.linesContaining("more than 2 models (models.max)")).hasSize(1);
    }
    Scrape scrape = Scrape.read(snapshot);
    for (String model : List.of("0", "1", "other")) {
      assertThat(scrape.value("nfi_backward_calls_total{model=\"" + model + "\",probe=\"demo\"}"))
          .as("model %s", model)
          .isEqualTo(60);
    }
    assertThat(scrape.text()).doesNotContain("model=\"2\"");
  }

  private static String checksum(String output, String line) {
    Matcher m = Pattern.compile("(?m)^" + line + "checksum=(\\w+)$").matcher(output);
    assertThat(m.find()).as("a line %s in%n%s", line, output).isTrue();
    return m.group(1);
  }

  private static long onsetStep(String output, String model) {
    Matcher m =
        Pattern.compile("nfi: probe=demo model=" + Pattern.quote(model) + " onsets=\\d+ onset_step=(-?\\d+)")
            .matcher(output);
    assertThat(m.find()).as("the nfi line of model %s in%n%s", model, output).isTrue();
    return Long.parseLong(m.group(1));
  }
}
