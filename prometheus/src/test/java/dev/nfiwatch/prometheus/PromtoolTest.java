package dev.nfiwatch.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs promtool over the shipped configuration, rules and alert unit tests. */
class PromtoolTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private ExternalTool promtool;
  private Path folder;

  @BeforeEach
  void findPromtool() {
    promtool = ExternalTool.require("promtool", "prometheus");
    folder = ProjectFiles.prometheus();
  }

  @Test
  void scrapeConfigIsValidAndLoadsBothRuleFiles() throws Exception {
    ExternalTool.Result result = promtool.run(folder, TIMEOUT, "check", "config", "prometheus.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 2 rule files found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"prometheus-multi.yml", "prometheus-many-jvms.yml"})
  void multiJvmExamplesAreValid(String file) throws Exception {
    ExternalTool.Result result =
        promtool.run(folder.resolve("examples"), TIMEOUT, "check", "config", file);

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void rulesAreValid() throws Exception {
    ExternalTool.Result result =
        promtool.run(folder, TIMEOUT, "check", "rules", "rules.yml", "alerts.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 7 rules found", "SUCCESS: 6 rules found");
  }

  @Test
  void alertUnitTestsPass() throws Exception {
    ExternalTool.Result result = promtool.run(folder, TIMEOUT, "test", "rules", "alerts_test.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  /**
   * Each weakening of an alert that the unit tests exist to rule out: an onset that needs more than
   * the detector's flag, a spike alert on the counter's increase (misses a spike between two
   * scrapes of a new series), one on the latest sample only (misses a job gone after its spike),
   * one that takes the "never" value 0 for an event, and probe errors from the counter's increase
   * alone (misses errors made before the first scrape).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "onset needs more than the flag | NfiOnset"
            + " | max by (job, instance, probe, model) (nfi_onset) > 0"
            + " | max by (job, instance, probe, model) (nfi_onset) > 1",
        "spike from the counter's increase | NfiLossSpike"
            + " | time() - (max by (job, instance, probe, model) (max_over_time(nfi_last_loss_spike_timestamp_seconds[10m])) > 0) < 600"
            + " | max by (job, instance, probe, model) (increase(nfi_loss_spikes_total[5m])) > 0",
        "spike from the latest sample only | NfiLossSpike"
            + " | max_over_time(nfi_last_loss_spike_timestamp_seconds[10m])"
            + " | last_over_time(nfi_last_loss_spike_timestamp_seconds[1m])",
        "onset time 0 counted as an event | NfiOnset"
            + " | (max by (job, instance, probe, model) (max_over_time(nfi_last_onset_timestamp_seconds[10m])) > 0)"
            + " | max by (job, instance, probe, model) (max_over_time(nfi_last_onset_timestamp_seconds[10m]))",
        "probe errors from the counter's increase only | NfiProbeErrors"
            + " | (sum by (job, instance, probe, model, reason) (nfi_probe_errors_total) > 0"
            + " | (sum by (job, instance, probe, model, reason) (nfi_probe_errors_total) > 1e9"
      })
  void alertUnitTestsCatchAWeakenedAlert(
      String weakening, String alert, String from, String to, @TempDir Path copy)
      throws Exception {
    for (String file : new String[] {"rules.yml", "alerts.yml", "alerts_test.yml"}) {
      Files.copy(folder.resolve(file), copy.resolve(file));
    }
    replace(copy.resolve("alerts.yml"), from, to);

    ExternalTool.Result result = promtool.run(copy, TIMEOUT, "test", "rules", "alerts_test.yml");

    assertThat(result.exitCode()).as(weakening + "\n" + result.output()).isNotZero();
    assertThat(result.output()).contains("alertname: " + alert);
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    assertThat(text).contains(from);
    Files.writeString(file, text.replace(from, to));
  }
}
