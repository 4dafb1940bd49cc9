package dev.nfiwatch.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void multiJvmExampleIsValid() throws Exception {
    ExternalTool.Result result =
        promtool.run(
            folder.resolve("examples"), TIMEOUT, "check", "config", "prometheus-multi.yml");

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

  @Test
  void alertUnitTestsCatchAWeakenedAlert(@TempDir Path copy) throws Exception {
    for (String file : new String[] {"rules.yml", "alerts.yml", "alerts_test.yml"}) {
      Files.copy(folder.resolve(file), copy.resolve(file));
    }
    replace(
        copy.resolve("alerts.yml"),
        "expr: max by (job, instance, probe) (nfi_onset) > 0",
        "expr: max by (job, instance, probe) (nfi_onset) > 1");

    ExternalTool.Result result = promtool.run(copy, TIMEOUT, "test", "rules", "alerts_test.yml");

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("alertname: NfiOnset");
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    assertThat(text).contains(from);
    Files.writeString(file, text.replace(from, to));
  }
}
