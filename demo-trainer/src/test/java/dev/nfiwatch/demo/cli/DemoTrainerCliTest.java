package dev.nfiwatch.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.demo.DemoTrainer;
import dev.nfiwatch.demo.report.CsvReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoTrainerCliTest {

  private static final String[] SMALL = {
    "--modulus", "13", "--width", "8", "--steps", "40", "--eval-every", "10"
  };

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private int run(String... args) {
    return DemoTrainer.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        false);
  }

  private static String[] small(String... more) {
    String[] args = new String[SMALL.length + more.length];
    System.arraycopy(SMALL, 0, args, 0, SMALL.length);
    System.arraycopy(more, 0, args, SMALL.length, more.length);
    return args;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--precision fp16 | --precision",
        "--optimizer rmsprop | --optimizer",
        "--preset fastest | --preset",
        "--steps 0 | --steps must be at least 1",
        "--steps many | --steps",
        "--lr -1 | --lr must be positive",
        "--beta2 1 | --beta2 must be in [0, 1)",
        "--train-share 1.5 | --train-share must be between 0 and 1",
        "--batch 100000 | --batch 100000 exceeds the 288 training examples",
        "--width 0 | --width must be at least 1",
        "--linger -3 | --linger must be 0 or more",
        "--max-steps-per-second 0 | --max-steps-per-second must be a positive number",
        "--max-steps-per-second -5 | --max-steps-per-second must be a positive number",
        "--max-steps-per-second Infinity | --max-steps-per-second must be a positive number",
        "--max-steps-per-second fast | --max-steps-per-second",
        "--plot out.jpg | --plot must name a .png file",
        "--csv no/such/dir/out.csv | no such directory",
        "--parallel 0 | --parallel must be 1 to 64 models",
        "--parallel 2 --csv out.csv | --csv and --plot describe one model",
        "--kernels cuda | --kernels",
        "--frobnicate | Unknown option: '--frobnicate'"
      })
  void badValuesGiveOneClearMessageAndExitCode2(String args, String message) {
    int code = run(args.split(" "));

    String error = err.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(2);
    assertThat(error.lines().findFirst().orElse("")).startsWith("nfiwatch-demo: ").contains(message);
    assertThat(error.lines().count()).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("result:");
  }

  @Test
  void helpListsTheOptionsAndExitsWithZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--preset", "--precision", "--optimizer", "--csv", "--plot", "--linger");
  }

  @Test
  void aRunPrintsTheResultLineLastAndWritesCsvAndPlot(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("run.csv");
    Path png = dir.resolve("run.png");

    int code = run(small("--csv", csv.toString(), "--plot", png.toString()));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .matches("result: steps=40 spikes=\\d+ first_spike=-?\\d+ wall_s=\\d+\\.\\d{2}"
            + " backend=(netlib-jni|netlib-java|ejml) elements=(vector|scalar) checksum=[0-9a-f]{16}");
    List<String> rows = Files.readAllLines(csv);
    assertThat(rows.get(0)).isEqualTo(CsvReport.HEADER).isEqualTo(
        "step,loss,train_acc,test_acc,classifier_norm,classifier_mean_norm,feature_mean_norm,"
            + "logit_mean,gap_min,gap_median");
    assertThat(rows).hasSize(41);
    assertThat(rows.get(40)).startsWith("40,").doesNotContain("NaN");
    assertThat(rows.get(40).split(",")).hasSize(10);
    byte[] image = Files.readAllBytes(png);
    assertThat(image).startsWith(0x89, 'P', 'N', 'G');
  }

  /** One start-up line names what runs the products; the result line carries its key. */
  @ParameterizedTest
  @CsvSource({"java, netlib-java, netlib's Java kernels", "ejml, ejml, EJML's own kernels"})
  void theStartUpLineAndTheResultLineNameTheBackend(String kernels, String key, String words) {
    assertThat(run(small("--kernels", kernels))).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).filteredOn(l -> l.startsWith("nfiwatch demo: matrix products: "))
        .singleElement().asString().contains(words);
    assertThat(lines.get(lines.size() - 1)).contains(" backend=" + key + " elements=");
  }

  @Test
  void lingerIsAnnouncedBeforeTheResultLine() {
    assertThat(run(small("--linger", "1"))).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(lines.size() - 2)).contains("lingering 1 s");
    assertThat(lines.get(lines.size() - 1)).startsWith("result: ");
  }

  /** 40 steps at 200 steps/s cannot end sooner than 39 intervals of 5 ms after the first step. */
  @Test
  void maxStepsPerSecondPacesTheRunAndLeavesItsResultAlone() {
    assertThat(run(small())).isZero();
    String unpaced = out.toString(StandardCharsets.UTF_8);
    out.reset();

    assertThat(run(small("--max-steps-per-second", "200"))).isZero();

    String paced = out.toString(StandardCharsets.UTF_8);
    assertThat(wallSeconds(paced)).isGreaterThanOrEqualTo(39 * 0.005);
    assertThat(checksum(paced)).isEqualTo(checksum(unpaced));
  }

  /** Each of three parallel models trains exactly as it does alone: same checksum. */
  @Test
  void parallelModelsTrainAsTheyDoAlone() {
    assertThat(run(small("--seed", "5", "--parallel", "3"))).isZero();
    List<String> lines =
        out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("result:")).toList();
    assertThat(lines).hasSize(3);
    for (int model = 0; model < 3; model++) {
      assertThat(lines.get(model)).startsWith("result: model=" + model + " seed=" + (5 + model) + " steps=40 ");
      out.reset();
      assertThat(run(small("--seed", Integer.toString(5 + model)))).isZero();
      assertThat(checksum(lines.get(model)))
          .isEqualTo(checksum(out.toString(StandardCharsets.UTF_8)).strip());
    }
  }

  @Test
  void optionsOverrideThePresetAndTheSameRunIsRepeatable() {
    run(small("--precision", "FP64", "--optimizer", "sgd", "--lr", "0.1", "--task", "clusters"));
    String first = out.toString(StandardCharsets.UTF_8);
    assertThat(first).contains("fp64", "clusters K=10 d=16", "sgd lr 0.1");
    out.reset();
    run(small("--precision", "FP64", "--optimizer", "sgd", "--lr", "0.1", "--task", "clusters"));
    assertThat(checksum(out.toString(StandardCharsets.UTF_8))).isEqualTo(checksum(first));
  }

  private static double wallSeconds(String output) {
    String rest = output.substring(output.indexOf("wall_s=") + "wall_s=".length());
    return Double.parseDouble(rest.substring(0, rest.indexOf(' ')));
  }

  private static String checksum(String output) {
    return output.substring(output.indexOf("checksum="));
  }
}
