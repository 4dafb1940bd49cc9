package dev.nfiwatch.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nfiwatch.prometheus.ExternalTool;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many training JVMs and short jobs, end to end, with the shipped {@code
 * prometheus/examples/prometheus-many-jvms.yml}: a real Prometheus finds three demo JVMs on free
 * ports through the target files their agents write ({@code sd.dir}), the files go with their JVMs
 * (SIGTERM, normal exit) and a killed JVM's file is cleaned up by the next agent; and a real
 * Pushgateway carries a whole short run's onset and spikes into Prometheus after the run ended.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyJvmsIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** A whole float32 slingshot run, however fast the demo trains. */
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

  /** Demo JVMs that train briefly and then stay up until the test ends them. */
  private static final String[] LINGERING = {"--steps", "100", "--linger", "1800"};

  @TempDir static Path work;

  private static Path sdDir;
  private static PushgatewayServer pushgateway;
  private static PrometheusServer prometheus;
  private static final List<DemoRun> runs = new ArrayList<>();

  @BeforeAll
  static void startPrometheusAndPushgateway() throws Exception {
    ExternalTool prometheusBinary = ExternalTool.require("prometheus", "prometheus");
    ExternalTool pushgatewayBinary =
        ExternalTool.require("prometheus-pushgateway", "prometheus-pushgateway");
    sdDir = Files.createDirectories(work.resolve("sd"));
    pushgateway = PushgatewayServer.start(pushgatewayBinary, work);
    ObjectNode config = PrometheusServer.shippedConfig("examples/prometheus-many-jvms.yml");
    JsonNode jobs = config.path("scrape_configs");
    ArrayNode files = (ArrayNode) jobs.get(0).path("file_sd_configs").get(0).path("files");
    files.removeAll().add(sdDir.resolve("*.json").toString());
    ArrayNode pushed = (ArrayNode) jobs.get(1).path("static_configs").get(0).path("targets");
    pushed.removeAll().add(pushgateway.target());
    prometheus = PrometheusServer.start(prometheusBinary, work, config);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable process : runs) {
      process.close();
    }
    for (AutoCloseable server : new AutoCloseable[] {prometheus, pushgateway}) {
      if (server != null) {
        server.close();
      }
    }
  }

  private static DemoRun demo(String name, String agentArguments, String... demoArguments)
      throws IOException {
    DemoRun run = DemoRun.startWithAgent(name, work, agentArguments, demoArguments);
    runs.add(run);
    return run;
  }

  private static final List<DemoRun> sweep = new ArrayList<>();
  private static final List<String> endpoints = new ArrayList<>();

  @Test
  @Order(1)
  void threeJvmsOnFreePortsAreFoundThroughTheirTargetFiles() throws Exception {
    String agent = "port=0,sd.dir=" + sdDir;
    sweep.add(demo("sweep-a", agent, LINGERING));
    sweep.add(demo("sweep-b", agent, LINGERING));
    sweep.add(demo("sweep-c", agent + ",instance=sweep-c", LINGERING));
    for (DemoRun run : sweep) {
      endpoints.add(run.awaitEndpoint(TIMEOUT));
    }

    JsonNode up = await("three nfiwatch targets up", () -> {
      JsonNode result = prometheus.query("up{job=\"nfiwatch\"} == 1");
      return result.size() == 3 ? result : null;
    });

    Map<String, JsonNode> byInstance = new HashMap<>();
    up.forEach(series -> byInstance.put(series.path("metric").path("instance").asText(), series));
    assertThat(byInstance)
        .as("distinct instance labels: two host:port, one given name")
        .containsOnlyKeys(endpoints.get(0), endpoints.get(1), "sweep-c");
    for (int i = 0; i < sweep.size(); i++) {
      JsonNode labels =
          byInstance.get(i < 2 ? endpoints.get(i) : "sweep-c").path("metric");
      assertThat(labels.path("pid").asText()).isEqualTo(Long.toString(sweep.get(i).pid()));
      assertThat(labels.path("main_class").asText()).isEqualTo("nfiwatch-demo.jar");
    }
    await("the sweep's calls scraped", () -> {
      JsonNode calls = prometheus.query("nfi_backward_calls_total{job=\"nfiwatch\"} > 0");
      return calls.size() == 3 ? calls : null;
    }, () -> prometheus.query("nfi_backward_calls_total").toString() + logs(sweep));
  }

  @Test
  @Order(2)
  void targetFilesGoWithTheirJvmsAndNfiAgentDownOnlyFiresForAKilledOne() throws Exception {
    if (sweep.size() != 3) {
      fail("needs the three JVMs of the previous test");
    }
    DemoRun terminated = sweep.get(0);
    DemoRun killed = sweep.get(1);
    DemoRun named = sweep.get(2);
    terminated.close();
    named.close();
    assertThat(targetFile(terminated)).as("removed on SIGTERM").doesNotExist();
    assertThat(targetFile(named)).as("removed on SIGTERM").doesNotExist();

    DemoRun shortJob = demo("short", "port=0,sd.dir=" + sdDir, "--steps", "50");
    assertThat(shortJob.awaitExit(TIMEOUT)).as(shortJob.log()).isZero();
    assertThat(shortJob.log()).contains("written to " + targetFile(shortJob));
    assertThat(targetFile(shortJob)).as("removed at a normal exit").doesNotExist();

    killed.kill();
    assertThat(targetFile(killed)).as("a killed JVM runs no hook").exists();
    String killedTarget = endpoints.get(1);
    await("Prometheus sees the killed JVM down", () -> {
      JsonNode down = prometheus.query("up{instance=\"" + killedTarget + "\"} == 0");
      return down.isEmpty() ? null : down;
    });
    await("Prometheus drops the targets whose files are gone", () -> {
      for (JsonNode target : prometheus.api("targets").path("activeTargets")) {
        String instance = target.path("labels").path("instance").asText();
        if (instance.equals(endpoints.get(0)) || instance.equals("sweep-c")) {
          return null;
        }
      }
      return prometheus.api("targets");
    });
    // A JVM that ended may fail one scrape before Prometheus drops its target: NfiAgentDown may go
    // pending for it for a moment, but (for: 1m) never fires, and goes once the target is gone.
    await("NfiAgentDown for the killed JVM alone", () -> {
      prometheus.awaitRuleEvaluationAfter(Instant.now(), TIMEOUT);
      List<String> down = new ArrayList<>();
      for (JsonNode alert : prometheus.api("alerts").path("alerts")) {
        JsonNode labels = alert.path("labels");
        if ("NfiAgentDown".equals(labels.path("alertname").asText())) {
          String instance = labels.path("instance").asText();
          assertThat(instance.equals(killedTarget) || "pending".equals(alert.path("state").asText()))
              .as("NfiAgentDown firing for " + instance + ", which ended normally")
              .isTrue();
          down.add(instance);
        }
      }
      return down.equals(List.of(killedTarget)) ? down : null;
    });

    DemoRun next = demo("next", "port=0,sd.dir=" + sdDir, "--steps", "20");
    assertThat(next.awaitExit(TIMEOUT)).as(next.log()).isZero();
    assertThat(next.log())
        .contains("removed the stale target file " + targetFile(killed)
            + " (process " + killed.pid() + " is gone)");
    assertThat(targetFile(killed)).doesNotExist();
    try (Stream<Path> left = Files.list(sdDir)) {
      assertThat(left).as("target files left").isEmpty();
    }
  }

  /**
   * A job shorter than two scrapes of its own endpoint: its pushes (and the last one at exit) keep
   * its onset and spikes for Prometheus, and the event alerts fire after the job has ended.
   */
  @Test
  @Order(3)
  void aShortJobsOnsetAndSpikesReachPrometheusThroughThePushgateway() throws Exception {
    DemoRun job =
        demo(
            "pushed",
            "port=0,push.url=" + pushgateway.url() + ",push.interval=1,instance=short-job",
            "--preset", "slingshot", "--precision", "fp32");
    assertThat(job.awaitExit(RUN_TIMEOUT)).as(job.log()).isZero();
    Matcher result = job.awaitLine("result: steps=\\d+ spikes=(\\d+)", TIMEOUT);
    int spikes = Integer.parseInt(result.group(1));
    assertThat(spikes).as("the slingshot preset spikes in fp32").isPositive();
    assertThat(job.log()).contains("final metrics pushed to " + pushgateway.url());

    String series = "{job=\"nfiwatch\", instance=\"short-job\", probe=\"demo\"}";
    await("the final push's spike count in Prometheus", () -> {
      JsonNode count = prometheus.query("nfi_loss_spikes_total" + series + " == " + spikes);
      return count.isEmpty() ? null : count;
    });
    assertThat(prometheus.query("nfi_onsets_total" + series + " >= 1")).isNotEmpty();
    prometheus.awaitRuleEvaluationAfter(Instant.now(), TIMEOUT);
    List<String> firing = new ArrayList<>();
    for (JsonNode alert : prometheus.api("alerts").path("alerts")) {
      JsonNode labels = alert.path("labels");
      if ("short-job".equals(labels.path("instance").asText())
          && "firing".equals(alert.path("state").asText())) {
        firing.add(labels.path("alertname").asText());
      }
    }
    assertThat(firing).as("alerts firing for the ended job").contains("NfiOnset", "NfiLossSpike");
  }

  /** {@code push.delete=true}: the job's group is gone from the Pushgateway once the job ended. */
  @Test
  @Order(4)
  void pushDeleteRemovesTheJobsGroupAtExit() throws Exception {
    DemoRun job =
        demo(
            "deleted",
            "port=0,push.url=" + pushgateway.url() + ",push.interval=1,push.delete=true,"
                + "instance=deleted-job",
            "--steps", "300", "--max-steps-per-second", "100");
    job.awaitLine("pushing metrics to " + pushgateway.url(), TIMEOUT);
    await("a push of the running job", () -> pushgateway.metrics().contains("instance=\"deleted-job\"") ? "" : null);
    assertThat(job.awaitExit(TIMEOUT)).as(job.log()).isZero();
    assertThat(job.log()).contains("deleted the pushed metrics from " + pushgateway.url());
    assertThat(pushgateway.metrics()).doesNotContain("instance=\"deleted-job\"");
  }

  /** The target file the run's agent writes: {@code nfiwatch-<host>-<pid>.json}. */
  private static Path targetFile(DemoRun run) throws IOException {
    String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
    return sdDir.resolve("nfiwatch-" + host + "-" + run.pid() + ".json");
  }

  /** Polls {@code condition} until it returns non-null; fails with Prometheus's log at the deadline. */
  private static <T> T await(String what, Callable<T> condition) throws Exception {
    return await(what, condition, prometheus::log);
  }

  private static String logs(List<DemoRun> runs) throws IOException {
    StringBuilder all = new StringBuilder();
    for (DemoRun run : runs) {
      all.append('\n').append(run.log());
    }
    return all.toString();
  }

  /** Polls {@code condition} until it returns non-null; fails with {@code context} at the deadline. */
  private static <T> T await(String what, Callable<T> condition, Callable<String> context)
      throws Exception {
    return Poll.until(what, TIMEOUT, condition, context);
  }
}
