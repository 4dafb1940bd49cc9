package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded agent on the real demo trainer ({@code nfiwatch-demo.jar}) in forked JVMs. */
class DemoTrainerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String DEMO = "{model=\"0\",probe=\"demo\"}";
  private static final String RESULT = "result: steps=(\\d+) .*checksum=(\\w+)";

  @Test
  void countsMatchTheDemoAndBf16SlingshotAbsorbsOverHttp() throws Exception {
    try (ForkedJvm jvm =
        ForkedJvm.startDemo(null, "port=0",
            "--preset", "slingshot", "--precision", "bf16", "--steps", "300", "--batch", "64",
            "--linger", "60")) {
      String url = jvm.awaitLine("metrics at (http://\\S+)/metrics", TIMEOUT).group(1);
      Matcher result = jvm.awaitLine(RESULT, TIMEOUT);
      long steps = Long.parseLong(result.group(1));
      assertThat(steps).isEqualTo(300);
      Scrape scrape = Scrape.fetchSettled(url + "/metrics", "demo", TIMEOUT);
      assertThat(scrape.value("nfi_backward_calls_total" + DEMO)).isEqualTo(steps);
      assertThat(scrape.value("nfi_samples_total" + DEMO)).isEqualTo(steps * 64);
      assertThat(scrape.value("nfi_absorbed_samples_total" + DEMO)).isPositive();
      assertThat(scrape.value("nfi_logit_gap_threshold_nats{dtype=\"bf16\",model=\"0\",probe=\"demo\"}"))
          .isBetween(5.54, 5.55);
      jvm.terminate();
      jvm.awaitExit(TIMEOUT);
      assertThat(jvm.output())
          .contains("summary: probe=demo model=0 calls=300 samples=19200")
          .contains("errors=0");
    }
  }

  @Test
  void shortFp64SlingshotRunHasNoAbsorbedSample(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("fp64.prom");
    try (ForkedJvm jvm =
        ForkedJvm.startDemo(null, "port=0,snapshot=" + snapshot,
            "--preset", "slingshot", "--precision", "fp64", "--steps", "300")) {
      jvm.awaitLine(RESULT, TIMEOUT);
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      Scrape scrape = Scrape.read(snapshot);
      assertThat(scrape.value("nfi_backward_calls_total" + DEMO)).isEqualTo(300);
      assertThat(scrape.value("nfi_samples_total" + DEMO)).isPositive();
      assertThat(scrape.value("nfi_absorbed_samples_total" + DEMO)).isZero();
    }
  }

  @Test
  void observeModeLeavesTheDemoChecksumUnchanged() throws Exception {
    String[] args = {"--preset", "slingshot", "--precision", "fp32", "--steps", "400"};
    String with;
    try (ForkedJvm jvm = ForkedJvm.startDemo(null, "port=0", args)) {
      with = jvm.awaitLine(RESULT, TIMEOUT).group(2);
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.linesContaining("summary: probe=demo model=0 calls=400")).hasSize(1);
    }
    String without;
    try (ForkedJvm jvm = ForkedJvm.startDemo(null, null, args)) {
      without = jvm.awaitLine(RESULT, TIMEOUT).group(2);
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
    }
    assertThat(with).isEqualTo(without);
  }

  @Test
  void demoLoadedThroughAChildUrlClassLoaderIsProbed(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("child.prom");
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0,snapshot=" + snapshot, List.of(),
            ForkedJvm.TEST_CLASSES.toString(), "dev.nfiwatch.it.trainer.ChildLoaderLauncher",
            ForkedJvm.DEMO_JAR.toString(), "dev.nfiwatch.demo.DemoTrainer",
            "--preset", "slingshot", "--precision", "bf16", "--steps", "300", "--batch", "64")) {
      jvm.awaitLine(RESULT, TIMEOUT);
      jvm.awaitExit(TIMEOUT);
      assertThat(jvm.output()).contains("through java.net.URLClassLoader");
      Scrape scrape = Scrape.read(snapshot);
      assertThat(scrape.value("nfi_backward_calls_total" + DEMO)).isEqualTo(300);
      assertThat(scrape.value("nfi_samples_total" + DEMO)).isEqualTo(300 * 64);
      assertThat(scrape.value("nfi_absorbed_samples_total" + DEMO)).isPositive();
    }
  }
}
