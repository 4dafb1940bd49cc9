package dev.nfiwatch.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.config.AgentConfig;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsExporterTest {

  private static String get(String url, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void servesProbeMetricsOverHttpOnAFreePort() throws Exception {
    AtomicInteger observed = new AtomicInteger();
    BatchObserver observer = (stats, weights, input) -> observed.addAndGet(stats.batch());
    ProbeRuntime probe = new ProbeRuntime("demo", AnalysisSpec.DEMO, List.of(observer));
    float[] logits = {20, 0, 0, 0, 2, 0};
    float[] gradient = new float[6];
    new dev.nfiwatch.demo.loss.SoftmaxCrossEntropy(null, null, "fp32")
        .backward(logits, new int[] {0, 1}, gradient);
    probe.onCall(logits, new int[] {0, 1}, gradient, null, null, "fp32");
    probe.onCall(logits, new int[] {0, 7}, gradient, null, null, "fp32");

    AgentConfig config = AgentConfig.load("port=0", Map.of(), Map.of());
    MetricsExporter exporter = new MetricsExporter(config, () -> List.of(probe), "test");
    exporter.serve();
    try {
      AgentHttpServer server = exporter.server();
      assertThat(server.port()).isPositive();
      String text = get(server.url("/metrics"), null);
      assertThat(text)
          .contains("nfi_backward_calls_total{model=\"0\",probe=\"demo\"} 2.0")
          .contains("nfi_samples_total{model=\"0\",probe=\"demo\"} 2.0")
          .contains("nfi_absorbed_samples_total{model=\"0\",probe=\"demo\"} 1.0")
          .contains("nfi_probe_errors_total{model=\"0\",probe=\"demo\",reason=\"label_out_of_range\"} 1.0")
          .contains("nfi_logit_gap_nats_bucket{model=\"0\",probe=\"demo\",le=\"20.0\"} 2")
          .contains("nfi_logit_gap_threshold_nats{dtype=\"fp32\",model=\"0\",probe=\"demo\"} 16.6355")
          .contains("nfi_agent_info{mode=\"observe\",version=\"test\"} 1")
          .contains("nfi_analysis_seconds_count{model=\"0\",probe=\"demo\"} 2");
      assertThat(observed.get()).isEqualTo(2);
      String openMetrics = get(server.url("/metrics"), "application/openmetrics-text");
      assertThat(openMetrics).endsWith("# EOF\n");
      assertThat(get(server.url("/healthz"), null)).isEqualTo("ok\n");
    } finally {
      exporter.server().stop();
    }
  }

  @Test
  void aProbeAppearsInTheScrapeOnlyOnceItHasSeenACall() throws Exception {
    ProbeRuntime idle = new ProbeRuntime("idle", AnalysisSpec.DEMO, List.of());
    ProbeRuntime busy = new ProbeRuntime("demo", AnalysisSpec.DEMO, List.of());
    AgentConfig config = AgentConfig.load("port=0", Map.of(), Map.of());
    MetricsExporter exporter = new MetricsExporter(config, () -> List.of(idle, busy), "test");
    exporter.serve();
    try {
      String before = get(exporter.server().url("/metrics"), null);
      assertThat(before).doesNotContain("probe=\"idle\"").doesNotContain("probe=\"demo\"")
          .contains("nfi_agent_info");

      float[] logits = {3, 0, 0, 0, 2, 0};
      float[] gradient = new float[6];
      new dev.nfiwatch.demo.loss.SoftmaxCrossEntropy(null, null, "fp32")
          .backward(logits, new int[] {0, 1}, gradient);
      busy.onCall(logits, new int[] {0, 1}, gradient, null, null, "fp32");

      String after = get(exporter.server().url("/metrics"), null);
      assertThat(after)
          .contains("nfi_backward_calls_total{model=\"0\",probe=\"demo\"} 1.0")
          .contains("nfi_logit_gap_nats_count{model=\"0\",probe=\"demo\"} 2")
          .doesNotContain("probe=\"idle\"");
      assertThat(exporter.scrape()).contains("nfi_samples_total{model=\"0\",probe=\"demo\"} 2.0");
    } finally {
      exporter.server().stop();
    }
  }

  @Test
  void portInUseIsOneLineNotAnException() throws Exception {
    AgentConfig free = AgentConfig.load("port=0", Map.of(), Map.of());
    MetricsExporter first = new MetricsExporter(free, () -> List.of(), "test");
    first.serve();
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      int port = first.server().port();
      AgentConfig taken = AgentConfig.load("port=" + port, Map.of(), Map.of());
      MetricsExporter second = new MetricsExporter(taken, () -> List.of(), "test");
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      second.serve();
      System.setErr(original);
      assertThat(second.server()).isNull();
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log.lines()).hasSize(1);
      assertThat(log).contains("port " + port).contains("already in use").contains("JAVA_OPTS");
    } finally {
      System.setErr(original);
      first.server().stop();
    }
  }

  @Test
  void nfiMetricsAreExportedUnderTheirDocumentedNamesAndRepairModeRewrites() throws Exception {
    AgentConfig config = AgentConfig.load("port=0,mode=repair", Map.of(), Map.of());
    ProbeRuntime probe = dev.nfiwatch.agent.probes.Probes.create(config).demo().forOwner(null);
    float[] logits = {20, 0, 0, 0, 2, 0};
    int[] labels = {0, 1};
    float[] gradient = new float[6];
    new dev.nfiwatch.demo.loss.SoftmaxCrossEntropy(null, null, "fp32")
        .backward(logits, labels, gradient);
    assertThat(gradient[0]).as("absorbed").isEqualTo(0f);
    float[] weights = {1, 0, 0, 1, 1, 1}; // 3 classes × 2 features
    float[] features = {1, 2, 3, 4}; // 2 samples × 2 features
    probe.onCall(logits, labels, gradient, weights, features, "fp32");
    assertThat(gradient[0]).as("repaired to -(g_1 + g_2)").isEqualTo(-(gradient[1] + gradient[2]));

    MetricsExporter exporter = new MetricsExporter(config, () -> List.of(probe), "test");
    exporter.serve();
    try {
      String text = get(exporter.server().url("/metrics"), null);
      assertThat(text)
          .contains("nfi_agent_info{mode=\"repair\",version=\"test\"} 1")
          .contains("nfi_onset{model=\"0\",probe=\"demo\"} 0.0")
          .contains("nfi_onsets_total{model=\"0\",probe=\"demo\"} 0.0")
          .contains("nfi_onset_step{model=\"0\",probe=\"demo\"} -1.0")
          .contains("nfi_loss_spikes_total{model=\"0\",probe=\"demo\"} 0.0")
          .contains("nfi_last_spike_step{model=\"0\",probe=\"demo\"} -1.0")
          .contains("nfi_first_loss_spike_step{model=\"0\",probe=\"demo\"} -1.0")
          .contains("nfi_last_loss_spike_timestamp_seconds{model=\"0\",probe=\"demo\"} 0.0")
          .contains("nfi_last_onset_timestamp_seconds{model=\"0\",probe=\"demo\"} 0.0")
          .containsPattern("nfi_first_absorption_timestamp_seconds\\{model=\"0\",probe=\"demo\"\\} 1\\.[0-9.]+E9")
          .contains("nfi_repaired_samples_total{model=\"0\",probe=\"demo\"} 1.0")
          .contains("nfi_first_absorption_step{model=\"0\",probe=\"demo\"} 1.0")
          .contains("nfi_classifier_norm{model=\"0\",probe=\"demo\"} 2.0")
          .contains("nfi_classifier_mean_norm{model=\"0\",probe=\"demo\"} ")
          .contains("nfi_feature_mean_norm{model=\"0\",probe=\"demo\"} " + Math.sqrt(2 * 2 + 3 * 3))
          .contains("nfi_drift_norm{model=\"0\",probe=\"demo\"} ")
          .contains("nfi_mean_cosine{model=\"0\",probe=\"demo\"} ")
          .contains("nfi_logit_resolution_ratio{model=\"0\",probe=\"demo\"} ")
          .contains("nfi_growth_rate{model=\"0\",probe=\"demo\",signal=\"classifier_mean\"} NaN")
          .contains("nfi_growth_rate{model=\"0\",probe=\"demo\",signal=\"feature_mean\"} NaN")
          .contains("nfi_growth_rate{model=\"0\",probe=\"demo\",signal=\"logit_mean\"} NaN")
          .contains("nfi_growth_r2{model=\"0\",probe=\"demo\",signal=\"feature_mean\"} NaN");
    } finally {
      exporter.server().stop();
    }
  }

  @Test
  void exitSummaryGivesSharesAndErrors() {
    ProbeRuntime probe = new ProbeRuntime("demo", AnalysisSpec.DEMO, List.of());
    float[] logits = {20, 0, 0, 0, 2, 0};
    float[] gradient = new float[6];
    new dev.nfiwatch.demo.loss.SoftmaxCrossEntropy(null, null, "fp32")
        .backward(logits, new int[] {0, 1}, gradient);
    probe.onCall(logits, new int[] {0, 1}, gradient, null, null, "fp32");
    probe.onCall(null, null, null, null, null, null);
    assertThat(ExitReport.summary(probe))
        .isEqualTo(
            "summary: probe=demo model=0 calls=2 samples=2 absorbed=0.5000 partial=0.0000 dead=0.0000"
                + " nonfinite=0 errors=1");
  }
}
