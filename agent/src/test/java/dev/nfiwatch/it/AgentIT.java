package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded agent jar in real forked JVMs: counts checked against the trainers' own, real HTTP
 * scrapes, the generic probe, a child class loader, bad configuration, a port in use, observe-mode
 * checksums, dynamic attach and JDK 25.
 */
class AgentIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String REGRESSION = "dev.nfiwatch.it.trainer.SoftmaxRegressionTrainer";
  private static final String HAND_WRITTEN = "dev.nfiwatch.it.trainer.HandWrittenTrainer";
  private static final String DEMO = "{model=\"0\",probe=\"demo\"}";

  /** An fp32 run whose gaps pass the absorption threshold within its 300 steps. */
  private static final String[] FP32_ABSORBING = {
    "--precision", "fp32", "--steps", "300", "--batch", "64", "--lr", "1.0"
  };

  @Test
  void demoProbeCountsMatchTheTrainerOverHttp() throws Exception {
    runCoreScenario(null);
  }

  @Test
  void sameCoreScenarioOnJdk25() throws Exception {
    runCoreScenario(Jdk25.home());
  }

  /**
   * The jar that carries the bridge classes to the bootstrap loader is gone from the temporary
   * folder as soon as the agent has started, so not even a killed JVM leaves it behind, and the
   * probe still counts every call through the bridge.
   */
  @Test
  void leavesNoBridgeJarInTheTemporaryFolderEvenWhenKilled(@TempDir Path temporary)
      throws Exception {
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0", List.of("-Djava.io.tmpdir=" + temporary),
            ForkedJvm.trainerClassPath(), REGRESSION, concat(FP32_ABSORBING, "--hold"))) {
      String url = jvm.awaitLine("metrics at (http://\\S+)/metrics", TIMEOUT).group(1);
      long steps = Long.parseLong(jvm.awaitLine("result: steps=(\\d+)", TIMEOUT).group(1));
      jvm.awaitLine("^holding", TIMEOUT);
      assertThat(Scrape.fetchSettled(url + "/metrics", "demo", TIMEOUT)
              .value("nfi_backward_calls_total" + DEMO))
          .isEqualTo(steps);
      assertThat(bridgeFiles(temporary)).isEmpty();

      jvm.kill(TIMEOUT);
      assertThat(bridgeFiles(temporary)).isEmpty();
    }
  }

  private static List<Path> bridgeFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(path -> path.getFileName().toString().startsWith("nfiwatch-bridge"))
          .collect(Collectors.toList());
    }
  }

  private static void runCoreScenario(String javaHome) throws Exception {
    String[] args = concat(FP32_ABSORBING, "--hold");
    try (ForkedJvm jvm =
        ForkedJvm.start(javaHome, "port=0", List.of(), ForkedJvm.trainerClassPath(), REGRESSION,
            args)) {
      String url = jvm.awaitLine("metrics at (http://\\S+)/metrics", TIMEOUT).group(1);
      Matcher result = jvm.awaitLine("result: steps=(\\d+) samples=(\\d+)", TIMEOUT);
      jvm.awaitLine("^holding", TIMEOUT);
      long steps = Long.parseLong(result.group(1));
      long samples = Long.parseLong(result.group(2));

      Scrape scrape = Scrape.fetchSettled(url + "/metrics", "demo", TIMEOUT);
      assertThat(scrape.value("nfi_backward_calls_total" + DEMO)).isEqualTo(steps);
      assertThat(scrape.value("nfi_samples_total" + DEMO)).isEqualTo(samples);
      assertThat(scrape.value("nfi_absorbed_samples_total" + DEMO)).isPositive();
      assertThat(scrape.value("nfi_logit_gap_nats_count" + DEMO)).isEqualTo(samples);
      assertThat(scrape.value("nfi_logit_gap_threshold_nats{dtype=\"fp32\",model=\"0\",probe=\"demo\"}"))
          .isBetween(16.63, 16.64);
      assertThat(scrape.value("nfi_analysis_seconds_count" + DEMO)).isEqualTo(steps);
      assertThat(scrape.value("nfi_agent_info{mode=\"observe\",version=\"0.1.0-SNAPSHOT\"}"))
          .isEqualTo(1);
      for (String reason : List.of("null_array", "unsupported_type", "length_mismatch", "empty_batch",
          "batch_too_large", "label_out_of_range", "analysis_failed", "observer_failed",
          "repair_failed", "instrumentation_failed")) {
        assertThat(scrape.value("nfi_probe_errors_total{model=\"0\",probe=\"demo\",reason=\"" + reason + "\"}"))
            .as(reason)
            .isZero();
      }

      HttpResponse<String> openMetrics =
          Scrape.get(url + "/metrics", "application/openmetrics-text; version=1.0.0");
      assertThat(openMetrics.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/openmetrics-text");
      assertThat(openMetrics.body()).contains("nfi_backward_calls_total").endsWith("# EOF\n");
      HttpResponse<String> health = Scrape.get(url + "/healthz", null);
      assertThat(health.statusCode()).isEqualTo(200);

      jvm.closeStdin();
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.linesContaining("summary: probe=demo model=0 calls=" + steps + " samples=" + samples))
          .hasSize(1);
      assertThat(jvm.output()).doesNotContain("sun.misc.Unsafe").doesNotContain("Exception");
    }
  }

  @Test
  void agentNeverInitialisesJavaUtilLogging() throws Exception {
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0",
            List.of("-Djava.util.logging.manager=dev.nfiwatch.it.trainer.RecordingLogManager"),
            ForkedJvm.trainerClassPath(), "dev.nfiwatch.it.trainer.LogManagerWitness")) {
      String url = jvm.awaitLine("metrics at (http://\\S+)/metrics", TIMEOUT).group(1);
      jvm.awaitLine("^waiting for scrape", TIMEOUT);
      assertThat(Scrape.fetch(url + "/metrics").value("nfi_backward_calls_total" + DEMO))
          .isEqualTo(20);
      jvm.closeStdin();
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.output()).contains("logmanager created by: null");
    }
  }

  @Test
  void fp64RunOfTheSameSizeHasNoAbsorbedSample(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("fp64.prom");
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0,snapshot=" + snapshot, List.of(),
            ForkedJvm.trainerClassPath(), REGRESSION,
            "--precision", "fp64", "--steps", "300", "--batch", "64", "--lr", "1.0")) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      Scrape scrape = Scrape.read(snapshot);
      assertThat(scrape.value("nfi_backward_calls_total" + DEMO)).isEqualTo(300);
      assertThat(scrape.value("nfi_absorbed_samples_total" + DEMO)).isZero();
      assertThat(scrape.value("nfi_logit_gap_threshold_nats{dtype=\"fp64\",model=\"0\",probe=\"demo\"}"))
          .isBetween(36.73, 36.74);
    }
  }

  @Test
  void observeModeLeavesTrainingBitForBitUnchanged() throws Exception {
    String with = checksum("port=0");
    String without = checksum(null);
    assertThat(with).isEqualTo(without);
  }

  private static String checksum(String agentArgs) throws Exception {
    try (ForkedJvm jvm =
        ForkedJvm.start(null, agentArgs, List.of(), ForkedJvm.trainerClassPath(), REGRESSION,
            FP32_ABSORBING)) {
      String checksum = jvm.awaitLine("checksum=(\\w+)", TIMEOUT).group(1);
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      if (agentArgs != null) {
        assertThat(jvm.linesContaining("summary: probe=demo model=0 calls=300")).hasSize(1);
      }
      return checksum;
    }
  }

  @Test
  void genericProbeOnAHandWrittenTrainer(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("generic.prom");
    String args =
        String.join(",",
            "port=0",
            "snapshot=" + snapshot,
            "probes=generic",
            "generic.class=" + HAND_WRITTEN,
            "generic.method=softmaxGrad",
            "generic.labels=arg0",
            "generic.logits=arg1",
            "generic.gradient=return",
            "generic.scale=batch");
    try (ForkedJvm jvm =
        ForkedJvm.start(null, args, List.of(), ForkedJvm.trainerClassPath(), HAND_WRITTEN,
            "--steps", "200", "--batch", "32", "--lr", "100")) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.output()).contains("instrumented " + HAND_WRITTEN + " (generic probe)");
      Scrape scrape = Scrape.read(snapshot);
      String generic = "{model=\"0\",probe=\"generic\"}";
      assertThat(scrape.value("nfi_backward_calls_total" + generic)).isEqualTo(200);
      assertThat(scrape.value("nfi_samples_total" + generic)).isEqualTo(200 * 32);
      assertThat(scrape.value("nfi_absorbed_samples_total" + generic)).isPositive();
      assertThat(scrape.text()).doesNotContain("probe=\"demo\"");
      assertThat(scrape.value("nfi_probe_errors_total{model=\"0\",probe=\"generic\",reason=\"length_mismatch\"}"))
          .isZero();
      assertThat(jvm.linesContaining("summary: probe=generic model=0 calls=200 samples=6400")).hasSize(1);
      assertThat(jvm.linesContaining("errors=0")).hasSize(1);
    }
  }

  @Test
  void genericProbeWithDescriptorOneHotLabelsAndDescentSign(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("onehot.prom");
    String args =
        String.join(",",
            "port=0",
            "snapshot=" + snapshot,
            "probes=generic",
            "generic.class=" + HAND_WRITTEN,
            "generic.method=onehotDescent",
            "generic.descriptor=([D[D[DI)V",
            "generic.labels=arg0",
            "generic.logits=arg1",
            "generic.gradient=arg2",
            "generic.labelForm=onehot",
            "generic.classes=5",
            "generic.sign=y-p");
    try (ForkedJvm jvm =
        ForkedJvm.start(null, args, List.of(), ForkedJvm.trainerClassPath(), HAND_WRITTEN,
            "--variant", "onehot", "--steps", "150", "--batch", "20", "--lr", "5")) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      Scrape scrape = Scrape.read(snapshot);
      String generic = "{model=\"0\",probe=\"generic\"}";
      assertThat(scrape.value("nfi_backward_calls_total" + generic)).isEqualTo(150);
      assertThat(scrape.value("nfi_samples_total" + generic)).isEqualTo(150 * 20);
      assertThat(scrape.value("nfi_logit_gap_threshold_nats{dtype=\"fp64\",model=\"0\",probe=\"generic\"}"))
          .isBetween(36.73, 36.74);
      assertThat(scrape.value("nfi_loss" + generic)).isPositive().isLessThan(1);
      assertThat(jvm.linesContaining("errors=0")).hasSize(1);
    }
  }

  @Test
  void probeWorksWhenTheTrainerIsLoadedThroughAChildUrlClassLoader(@TempDir Path dir)
      throws Exception {
    Path snapshot = dir.resolve("child.prom");
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0,snapshot=" + snapshot, List.of(),
            ForkedJvm.TEST_CLASSES.toString(), "dev.nfiwatch.it.trainer.ChildLoaderLauncher",
            concat(new String[] {ForkedJvm.trainerClassPath(), REGRESSION}, FP32_ABSORBING))) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.output()).contains("through java.net.URLClassLoader");
      Scrape scrape = Scrape.read(snapshot);
      assertThat(scrape.value("nfi_backward_calls_total" + DEMO)).isEqualTo(300);
      assertThat(scrape.value("nfi_samples_total" + DEMO)).isEqualTo(300 * 64);
      assertThat(scrape.value("nfi_absorbed_samples_total" + DEMO)).isPositive();
    }
  }

  @Test
  void badConfigurationPrintsOneLineAndTrainingGoesOn() throws Exception {
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=abc", List.of(), ForkedJvm.trainerClassPath(), REGRESSION,
            "--steps", "20")) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      List<String> errors = jvm.linesContaining("[nfiwatch]");
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0))
          .contains("key 'port' (agent argument) has value 'abc'")
          .contains("allowed: an integer 0-65535")
          .contains("disabled");
      assertThat(jvm.output()).contains("result: steps=20");
    }
  }

  @Test
  void badConfigurationWithStrictFailsTheJvmStart() throws Exception {
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=abc,strict=true", List.of(), ForkedJvm.trainerClassPath(),
            REGRESSION, "--steps", "20")) {
      assertThat(jvm.awaitExit(TIMEOUT)).isNotZero();
      assertThat(jvm.output())
          .contains("key 'port' (agent argument) has value 'abc'")
          .doesNotContain("result:");
    }
  }

  @Test
  void portInUseIsOneLineAndTrainingGoesOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        ForkedJvm jvm =
            ForkedJvm.start(null, "port=" + taken.getLocalPort(), List.of(),
                ForkedJvm.trainerClassPath(), REGRESSION, "--steps", "50")) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      List<String> lines = jvm.linesContaining("already in use");
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).contains("port " + taken.getLocalPort()).contains("JAVA_OPTS");
      assertThat(jvm.output()).contains("result: steps=50");
      assertThat(jvm.linesContaining("summary: probe=demo model=0 calls=50")).hasSize(1);
    }
  }

  @Test
  void dynamicAttachInstrumentsTheAlreadyLoadedClass(@TempDir Path dir) throws Exception {
    Path snapshot = dir.resolve("attach.prom");
    try (ForkedJvm jvm =
        ForkedJvm.start(null, null, List.of("-XX:+EnableDynamicAgentLoading"),
            ForkedJvm.trainerClassPath(), REGRESSION,
            "--precision", "fp32", "--steps", "600", "--batch", "16", "--hold-after-first-step")) {
      // The trainer has called the probed method once and waits: the attach must retransform it.
      jvm.awaitLine("^first step done", TIMEOUT);
      VirtualMachine vm = VirtualMachine.attach(Long.toString(jvm.pid()));
      try {
        vm.loadAgent(ForkedJvm.AGENT_JAR.toString(), "port=0,snapshot=" + snapshot);
      } finally {
        vm.detach();
      }
      jvm.closeStdin(); // the other 599 steps
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.output())
          .contains("instrumented dev.nfiwatch.demo.loss.SoftmaxCrossEntropy (demo probe, retransformed)");
      Scrape scrape = Scrape.read(snapshot);
      assertThat(scrape.value("nfi_backward_calls_total" + DEMO)).isEqualTo(599);
      assertThat(scrape.value("nfi_samples_total" + DEMO)).isEqualTo(599 * 16);
    }
  }

  private static String[] concat(String[] first, String... second) {
    String[] all = new String[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
