package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.nfiwatch.agent.web.HeadlessChromium;
import dev.nfiwatch.agent.web.HistoryColumn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.json.Json;

/**
 * The live page of a real run: the demo trainer (slingshot preset, float32) in a forked JVM with the
 * shaded agent jar, checked once training is over and the demo lingers. The JSON history must agree
 * with the run and with the agent's own /metrics counters; the page must draw it in real headless
 * Chromium without console errors and without any request leaving loopback.
 */
class LivePageIT {

  private static final long STEPS = 1600;
  private static final int BATCH = 288;

  private static ForkedJvm demo;
  private static String page;

  @BeforeAll
  static void runDemo() throws Exception {
    demo = ForkedJvm.start(null, "port=0", List.of(), ForkedJvm.DEMO_JAR.toString(),
        "dev.nfiwatch.demo.DemoTrainer", "--preset", "slingshot", "--precision", "fp32",
        "--steps", String.valueOf(STEPS), "--seed", "0", "--linger", "300");
    page = demo.awaitLine("\\[nfiwatch] live page at (http://\\S+/)", Duration.ofSeconds(30))
        .group(1);
    demo.awaitLine("training done", Duration.ofSeconds(240));
    Scrape.fetchSettled(page + "metrics", "demo", Duration.ofSeconds(30));
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = Scrape.get(url, null);
    assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
    return response.body();
  }

  @AfterAll
  static void stopDemo() throws Exception {
    if (demo != null) {
      demo.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> demoProbe() throws Exception {
    Map<String, Object> history = new Json().toType(get(page + "api/history"), Map.class);
    List<Map<String, Object>> probes = (List<Map<String, Object>>) history.get("probes");
    assertThat(probes).extracting(p -> p.get("probe")).containsExactly("demo");
    return probes.get(0);
  }

  private static double counter(Scrape metrics, String name) {
    return metrics.value(name + "{model=\"0\",probe=\"demo\"}");
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void historyMatchesTheRunAndTheMetrics() throws Exception {
    Map<String, Object> probe = demoProbe();
    Scrape metrics = Scrape.fetch(page + "metrics");

    assertThat(probe).containsEntry("dtype", "fp32").containsEntry("mode", "observe");
    assertThat(number(probe.get("gapThreshold"))).isCloseTo(24 * Math.log(2), within(1e-12));
    long calls = (long) counter(metrics, "nfi_backward_calls_total");
    assertThat(calls).as("one backward call per step").isEqualTo(STEPS);
    assertThat(probe).containsEntry("steps", calls).containsEntry("lastStep", calls);

    long points = (Long) probe.get("points");
    long stride = (Long) probe.get("stride");
    long capacity = (Long) probe.get("capacity");
    assertThat(points).isBetween(capacity / 2, capacity);
    assertThat(Long.bitCount(stride)).as("stride is a power of two").isEqualTo(1);
    assertThat(stride * (points - 1)).isLessThan(calls).isGreaterThanOrEqualTo(calls - stride);

    Map<String, List<Object>> series = (Map<String, List<Object>>) probe.get("series");
    for (HistoryColumn column : HistoryColumn.values()) {
      assertThat(series.get(column.jsonName())).as(column.jsonName()).hasSize((int) points);
    }
    List<Object> steps = series.get("step");
    for (int p = 0; p < points; p++) {
      long expected = p < points - 1 ? (p + 1) * stride : calls;
      assertThat(number(steps.get(p))).as("step of point " + p).isEqualTo(expected);
    }

    // shares are means over each point's steps: weighted back, they give the counters' totals
    String[][] shares = {
      {"absorbed", "nfi_absorbed_samples_total"},
      {"partial", "nfi_partially_absorbed_samples_total"},
      {"dead", "nfi_dead_samples_total"}
    };
    double samples = counter(metrics, "nfi_samples_total");
    assertThat(samples).isEqualTo(calls * BATCH);
    for (String[] share : shares) {
      double total = 0;
      for (int p = 0; p < points; p++) {
        long covered = p < points - 1 ? stride : calls - stride * (points - 1);
        double value = number(series.get(share[0]).get(p));
        assertThat(value).as(share[0] + " share").isBetween(0.0, 1.0);
        total += value * covered * BATCH;
      }
      double expected = counter(metrics, share[1]);
      assertThat(total).as(share[0] + " samples").isCloseTo(expected, within(1e-6 * samples + 1e-6));
    }
    assertThat(counter(metrics, "nfi_absorbed_samples_total"))
        .as("the slingshot preset absorbs in float32").isPositive();
    assertThat((String) probe.get("verdict")).isIn("absorbing", "NFI onset");

    // the NFI columns and events are the NFI monitor's, as exported
    assertThat(number(series.get("hBarNorm").get((int) points - 1)))
        .isCloseTo(counter(metrics, "nfi_feature_mean_norm"), within(1e-9));
    Map<String, Object> spikes = (Map<String, Object>) probe.get("spikes");
    Map<String, Object> onsets = (Map<String, Object>) probe.get("onsets");
    assertThat(number(spikes.get("total"))).as("the slingshot preset spikes by step " + STEPS)
        .isEqualTo(counter(metrics, "nfi_loss_spikes_total")).isPositive();
    assertThat(number(onsets.get("total")))
        .isEqualTo(counter(metrics, "nfi_onsets_total")).isPositive();
    List<Object> spikeSteps = (List<Object>) spikes.get("steps");
    List<Object> onsetSteps = (List<Object>) onsets.get("steps");
    assertThat(number(spikeSteps.get(spikeSteps.size() - 1)))
        .isEqualTo(counter(metrics, "nfi_last_spike_step"));
    assertThat(number(onsetSteps.get(onsetSteps.size() - 1)))
        .isEqualTo(counter(metrics, "nfi_onset_step"));
  }

  @Test
  void pageDrawsTheRunInHeadlessChromium() throws Exception {
    Map<String, Object> probe = demoProbe();
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      chromium.open(page);
      chromium.waitUntil("return !!window.nfiwatch && window.nfiwatch.updates >= 2",
          Duration.ofSeconds(30));

      List<Map<String, Object>> charts = chromium.liveCharts();
      assertThat(charts).hasSize(6).allMatch(chart -> chart.get("probe").equals("demo/0"));
      for (Map<String, Object> chart : charts) {
        assertThat(chart).as("chart").containsEntry("na", false).containsEntry("canvas", true);
        assertThat((Long) chart.get("points")).as("points of " + chart).isGreaterThan(100);
      }
      assertThat(chromium.script("return nfiwatch.sections['demo/0'].spikes"))
          .isEqualTo(((Map<?, ?>) probe.get("spikes")).get("steps"));
      assertThat(chromium.script("return nfiwatch.sections['demo/0'].onsets"))
          .isEqualTo(((Map<?, ?>) probe.get("onsets")).get("steps"));
      assertThat(chromium.script("return document.querySelector('.verdict').textContent"))
          .isEqualTo(probe.get("verdict"));

      Path screenshot = Paths.get("target", "live-page-demo.png");
      chromium.screenshot(screenshot);
      assertThat(Files.size(screenshot)).isGreaterThan(10_000);

      assertThat(chromium.consoleErrors()).isEmpty();
      List<String> urls = chromium.requestedUrls();
      assertThat(urls).contains(page, page + "uPlot.iife.min.js", page + "api/history");
      assertThat(urls).allMatch(HeadlessChromium::staysOnThisMachine);
    }
  }
}
