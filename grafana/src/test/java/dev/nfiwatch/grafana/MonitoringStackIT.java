package dev.nfiwatch.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nfiwatch.prometheus.AgentMetrics;
import dev.nfiwatch.prometheus.ExternalTool;
import dev.nfiwatch.prometheus.PromqlNames;
import dev.nfiwatch.prometheus.RuleFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a real Prometheus, loaded with the shipped scrape config, recording rules and alerts,
 * scrapes two demo trainer JVMs running with the agent: the float32 slingshot preset, where
 * NfiOnset and then NfiLossSpike must fire, and the same training in float64, where neither may.
 * Then every panel and annotation of the "NFI overview" dashboard must return data from the float32
 * run, the metric names the agent really exported must be the ones the rules and dashboard are
 * checked against, and the float32 run's alerts must keep firing after its JVM is gone.
 *
 * <p>Nothing here assumes how fast the demo trains: the runs are paced to at most {@value
 * #STEPS_PER_SECOND} steps/s (the dashboard's rate panels need scrapes while a run trains; an
 * unpaced slingshot run now takes under a second, less than two scrapes), the alerts read the
 * events' times, not a counter's increase, the JVMs linger until the test ends them, and every wait
 * is on a condition with a deadline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringStackIT {

  /** The runs' pace: the 3500 slingshot steps take at least 7 s, i.e. span 7 scrapes or more. */
  private static final int STEPS_PER_SECOND = 500;

  /** The demo trainer's arguments for the run that inflates and for its float64 twin. */
  private static final String[] FP32 = {
    "--preset", "slingshot", "--precision", "fp32", "--linger", "1800",
    "--max-steps-per-second", Integer.toString(STEPS_PER_SECOND)
  };

  private static final String[] FP64 = {
    "--preset", "slingshot", "--precision", "fp64", "--linger", "1800",
    "--max-steps-per-second", Integer.toString(STEPS_PER_SECOND)
  };

  /**
   * How long the float32 run may take to reach its onset, and the float64 run to train as many
   * steps as the float32 run needed for it (times {@link #CATCH_UP}). Neither run has to finish:
   * once the float64 run is well past the float32 onset's step without an onset, both have shown
   * what they can.
   */
  private static final Duration ONSET_TIMEOUT = Duration.ofMinutes(6);

  /** How long Prometheus may take to see a change: a scrape, a rule evaluation, a failed scrape. */
  private static final Duration PROMETHEUS_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(6);

  /** The float64 run must train this many times the steps of the float32 onset, onset-free. */
  private static final double CATCH_UP = 1.5;

  @TempDir static Path work;

  private static PrometheusServer prometheus;
  private static DemoRun fp32;
  private static DemoRun fp64;
  private static Instant start;

  /**
   * The training step of the float32 run's onset (not the steps it had trained by the time the
   * alert was seen firing: on a fast machine a whole float64 run is shorter than that).
   */
  private static double onsetStep = Double.NaN;

  @BeforeAll
  static void startTheStack() throws Exception {
    ExternalTool binary = ExternalTool.require("prometheus", "prometheus");
    start = Instant.now().minusSeconds(5);
    fp32 = DemoRun.start("fp32", work, FP32);
    fp64 = DemoRun.start("fp64", work, FP64);
    prometheus = PrometheusServer.start(binary, work, List.of(fp32.target(), fp64.target()));
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      if (prometheus != null) {
        prometheus.close();
      }
    } finally {
      try {
        if (fp32 != null) {
          fp32.close();
        }
      } finally {
        if (fp64 != null) {
          fp64.close();
        }
      }
    }
  }

  @Test
  @Order(1)
  void nfiOnsetFiresForTheFloat32Run() throws Exception {
    awaitFiring("NfiOnset", fp32);
    onsetStep = latest("nfi_onset_step", fp32);

    // The alert fires for 10 minutes after the onset: still firing, with its values rendered.
    JsonNode alert = firingAlert("NfiOnset", fp32);
    assertThat(alert).as("NfiOnset still firing in /api/v1/alerts").isNotNull();
    assertThat(alert.path("annotations").path("description").asText())
        .contains("probe demo at training step " + (long) onsetStep + ":")
        .containsPattern(
            "grows exponentially \\((classifier_mean|feature_mean|logit_mean) at [0-9.e-]+ per"
                + " step\\)");
    assertThat(alert.path("annotations").path("runbook").asText()).contains("mode=repair");
  }

  /** What Prometheus scrapes from the agent follows Prometheus's naming and format rules. */
  @Test
  @Order(2)
  void theAgentsExpositionPassesPromtoolsLint() throws Exception {
    ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
    Path exposition = work.resolve("fp32.metrics");
    HttpResponse<Path> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + fp32.target() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofFile(exposition));
    assertThat(response.statusCode()).isEqualTo(200);

    ExternalTool.Result lint =
        promtool.run(work, Duration.ofSeconds(60), exposition, "check", "metrics");

    assertThat(lint.exitCode()).as(lint.output()).isZero();
    assertThat(lint.output()).as("promtool's complaints").isBlank();
  }

  /** The slingshot preset spikes in float32 after the onset: the spike alert fires too. */
  @Test
  @Order(3)
  void nfiLossSpikeFiresForTheFloat32Run() throws Exception {
    awaitFiring("NfiLossSpike", fp32);
    assertThat(latest("nfi_onset_step", fp32))
        .as("the onset's step comes before the spike's: that is the alert's lead time")
        .isPositive()
        .isLessThan(latest("nfi_last_spike_step", fp32));
  }

  @Test
  @Order(4)
  void nfiOnsetAndLossSpikeNeverFireForTheFloat64Run() throws Exception {
    if (!(onsetStep > 0)) {
      fail("needs the step of the float32 run's onset, from the previous test");
    }
    double steps = CATCH_UP * onsetStep;
    Instant deadline = Instant.now().plus(CATCH_UP_TIMEOUT);
    while (!(backwardCalls(fp64) >= steps)) {
      if (Instant.now().isAfter(deadline) || !fp64.isAlive()) {
        fail("the float64 run did not reach " + steps + " steps\n" + fp64.log());
      }
      Thread.sleep(200);
    }
    prometheus.awaitRuleEvaluationAfter(Instant.now(), PROMETHEUS_TIMEOUT);
    String instance = "instance=\"" + fp64.target() + "\"";
    assertThat(prometheus.query("max_over_time(nfi_samples_total{" + instance + "}[1h]) > 0"))
        .as("the float64 run was scraped while it trained\n" + fp64.log())
        .isNotEmpty();
    for (String alertname : new String[] {"NfiOnset", "NfiLossSpike"}) {
      assertThat(firingInAlertsApi(alertname, fp64))
          .as(alertname + " firing for the float64 run")
          .isFalse();
      assertThat(prometheus.query(fired(alertname, fp64)))
          .as(alertname + " fired for the float64 run")
          .isEmpty();
    }
    assertThat(prometheus.query("max_over_time(nfi_onset{" + instance + "}[1h]) > 0"))
        .as("the onset gauge of the float64 run")
        .isEmpty();
  }

  @Test
  @Order(5)
  void everyDashboardQueryReturnsDataFromTheFloat32Run() throws Exception {
    Dashboard dashboard = Dashboard.load();
    // The rate panels need two scrapes within their window; on a loaded machine a scrape can
    // fail or come late, so wait for them (with a deadline) instead of assuming they exist.
    Poll.until(
        "every dashboard panel to have data from the float32 run",
        PROMETHEUS_TIMEOUT,
        () -> panelsWithoutData(dashboard).isEmpty() ? true : null,
        () -> "panels without data: " + panelsWithoutData(dashboard));

    for (JsonNode annotation : dashboard.annotations()) {
      assertThat(
              hasFiniteValue(
                  prometheus.queryRange(forFloat32Run(annotation.path("expr").asText()), start)))
          .as("annotation " + annotation.path("name"))
          .isTrue();
    }
    for (JsonNode variable : dashboard.variables()) {
      if ("query".equals(variable.path("type").asText())) {
        String selector =
            forFloat32Run(Dashboard.seriesOf(variable.path("query").path("query").asText()));
        assertThat(
                prometheus.api(
                    "series", "match[]", selector, "start", Long.toString(start.getEpochSecond())))
            .as("variable $" + variable.path("name").asText())
            .isNotEmpty();
      }
    }
  }

  @Test
  @Order(6)
  void theAgentExportsTheMetricsTheRulesAndDashboardAreCheckedAgainst() throws Exception {
    Set<String> scraped = new TreeSet<>();
    prometheus
        .api("label/__name__/values")
        .forEach(
            name -> {
              if (name.asText().startsWith("nfi_")) {
                scraped.add(name.asText());
              }
            });
    Set<String> listed = AgentMetrics.exported();
    assertThat(scraped)
        .as("the agent's real export against the list in AgentMetrics")
        .containsExactlyInAnyOrderElementsOf(listed);
    Set<String> used = new TreeSet<>(RuleFiles.agentSeriesUsed());
    Dashboard.load().allQueries().forEach(q -> used.addAll(PromqlNames.in(q.expr())));
    used.removeAll(AgentMetrics.PROMETHEUS);
    assertThat(scraped)
        .as("every metric the rules and the dashboard query was really exported")
        .containsAll(used);
  }

  /**
   * A job that ends soon after its events (or a JVM that dies) must not take its alerts with it:
   * with the float32 JVM gone and Prometheus seeing its target down, both alerts still fire.
   */
  @Test
  @Order(7)
  void theFloat32AlertsOutliveItsJvm() throws Exception {
    fp32.close();
    String down = "up{instance=\"" + fp32.target() + "\"} == 0";
    Instant deadline = Instant.now().plus(PROMETHEUS_TIMEOUT);
    while (prometheus.query(down).isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        fail("Prometheus did not see the float32 target go down\n" + prometheus.log());
      }
      Thread.sleep(200);
    }
    prometheus.awaitRuleEvaluationAfter(Instant.now(), PROMETHEUS_TIMEOUT);
    assertThat(prometheus.query("nfi_last_loss_spike_timestamp_seconds{instance=\"" + fp32.target() + "\"}"))
        .as("the float32 run's series are stale")
        .isEmpty();
    for (String alertname : new String[] {"NfiOnset", "NfiLossSpike"}) {
      assertThat(firingInAlertsApi(alertname, fp32))
          .as(alertname + " still firing after the float32 JVM is gone")
          .isTrue();
    }
  }

  /** Whether {@code /api/v1/alerts} lists {@code alertname} firing for the run. */
  private static boolean firingInAlertsApi(String alertname, DemoRun run)
      throws IOException, InterruptedException {
    return firingAlert(alertname, run) != null;
  }

  /** The firing {@code alertname} of the run as {@code /api/v1/alerts} lists it, or null. */
  private static JsonNode firingAlert(String alertname, DemoRun run)
      throws IOException, InterruptedException {
    for (JsonNode alert : prometheus.api("alerts").path("alerts")) {
      JsonNode labels = alert.path("labels");
      if (alertname.equals(labels.path("alertname").asText())
          && run.target().equals(labels.path("instance").asText())
          && "firing".equals(alert.path("state").asText())) {
        return alert;
      }
    }
    return null;
  }

  /** Non-empty once the run's {@code alertname} has fired in the last hour (ALERTS series). */
  private static String fired(String alertname, DemoRun run) {
    return "max_over_time(ALERTS{alertname=\""
        + alertname
        + "\", alertstate=\"firing\", instance=\""
        + run.target()
        + "\"}[1h])";
  }

  /** Waits until {@code alertname} fires for the run, or fails once the run ended or timed out. */
  private static void awaitFiring(String alertname, DemoRun run) throws Exception {
    Instant deadline = Instant.now().plus(ONSET_TIMEOUT);
    while (!firingInAlertsApi(alertname, run)
        && prometheus.query(fired(alertname, run)).isEmpty()) {
      if (Instant.now().isAfter(deadline) || !run.isAlive()) {
        fail(
            alertname
                + " did not fire for "
                + run.target()
                + "\n"
                + run.log()
                + "\n"
                + prometheus.log());
      }
      Thread.sleep(1000);
    }
  }

  /** A dashboard expression with its variables set as Grafana would for the float32 run alone. */
  private static List<String> panelsWithoutData(Dashboard dashboard)
      throws IOException, InterruptedException {
    List<String> empty = new ArrayList<>();
    for (JsonNode panel : dashboard.panels()) {
      boolean data = false;
      for (Dashboard.Query query : Dashboard.queries(panel)) {
        data |= hasFiniteValue(prometheus.queryRange(forFloat32Run(query.expr()), start));
      }
      if (!data) {
        empty.add(panel.path("title").asText());
      }
    }
    return empty;
  }

  private static String forFloat32Run(String expr) {
    return expr.replace("$job", "nfiwatch")
        .replace("$instance", fp32.target())
        .replace("$probe", ".*")
        .replace("$model", ".*")
        .replace("$__rate_interval", "4s")
        .replace("$__interval", "1s");
  }

  private static boolean hasFiniteValue(JsonNode matrix) {
    for (JsonNode series : matrix) {
      for (JsonNode point : series.path("values")) {
        String value = point.get(1).asText();
        if (!value.equals("NaN") && !value.endsWith("Inf")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The run's backward calls as Prometheus last scraped them; NaN before the first scrape. */
  private static double backwardCalls(DemoRun run) throws IOException, InterruptedException {
    return latest("nfi_backward_calls_total", run);
  }

  /** The run's latest value of a single-series metric; NaN when there is none. */
  private static double latest(String metric, DemoRun run)
      throws IOException, InterruptedException {
    JsonNode result = prometheus.query(metric + "{instance=\"" + run.target() + "\"}");
    return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
  }
}
