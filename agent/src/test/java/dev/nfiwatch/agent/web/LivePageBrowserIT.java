package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live page in real headless Chromium, fed by a real HTTP server holding synthetic histories:
 * charts draw their points, absent signals say n/a, the console stays clean and no request leaves
 * loopback.
 */
class LivePageBrowserIT {

  @Test
  void drawsEveryProbeWithoutErrorsOrForeignRequests() throws Exception {
    HttpServer server = serve(SyntheticRun.both());
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      openAndAwaitUpdates(chromium, base + "/", 2);

      List<Map<String, Object>> charts = chromium.liveCharts();
      assertThat(charts).as("two probes with data, the idle one left out").hasSize(12);
      for (Map<String, Object> chart : charts) {
        boolean notMeasured = chart.get("probe").equals("demo-softmax-fp64/0")
            && (chart.get("chart").equals("norms") || chart.get("chart").equals("growth"));
        if (notMeasured) {
          assertThat(chart).as("unmeasured chart").containsEntry("na", true)
              .containsEntry("points", 0L);
        } else {
          assertThat(chart).as("chart").containsEntry("na", false).containsEntry("canvas", true);
          assertThat((Long) chart.get("points")).as("points of " + chart).isGreaterThan(100);
        }
      }
      assertThat(chromium.script("return Array.from(document.querySelectorAll('.verdict'))"
          + ".map(function (v) { return v.textContent; })"))
          .isEqualTo(List.of("NFI onset", "healthy"));
      assertThat(chromium.script("return nfiwatch.sections['demo-softmax-fp32/0'].spikes"))
          .isEqualTo(List.of(SyntheticRun.SPIKE_STEP));

      Path screenshot = Paths.get("target", "live-page-synthetic.png");
      chromium.screenshot(screenshot);
      assertThat(Files.size(screenshot)).isGreaterThan(10_000);

      assertThat(chromium.script("return document.getElementById('model-pick').hidden"))
          .as("one model per probe: no picker").isEqualTo(true);
      assertThat(chromium.consoleErrors()).isEmpty();
      List<String> urls = chromium.requestedUrls();
      assertThat(urls).contains(base + "/", base + "/uPlot.iife.min.js", base + "/api/history");
      assertThat(urls).allMatch(HeadlessChromium::staysOnThisMachine);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void thePickerShowsOneModelAtATime() throws Exception {
    HttpServer server = serve(SyntheticRun.twoModels());
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      openAndAwaitUpdates(chromium, base + "/", 2);
      assertThat(chromium.script("return document.getElementById('model-pick').hidden"))
          .isEqualTo(false);
      assertThat(chromium.script("return Array.from(document.getElementById('model').options)"
          + ".map(function (o) { return o.value; })"))
          .isEqualTo(List.of("0", "sweep-1"));
      assertThat(visibleVerdicts(chromium)).isEqualTo(List.of("healthy"));

      chromium.script("var s = document.getElementById('model'); s.value = 'sweep-1';"
          + " s.dispatchEvent(new Event('change')); return null;");
      assertThat(visibleVerdicts(chromium)).isEqualTo(List.of("NFI onset"));
      assertThat(chromium.script("return location.hash")).isEqualTo("#model=sweep-1");
      List<Map<String, Object>> charts = chromium.liveCharts();
      assertThat(charts).filteredOn(c -> c.get("probe").equals("demo/sweep-1"))
          .hasSize(6)
          .allSatisfy(c -> assertThat(c).containsEntry("canvas", true));

      openAndAwaitUpdates(chromium, base + "/?reload#model=sweep-1", 1); // a new document
      assertThat(visibleVerdicts(chromium)).as("the link keeps the model")
          .isEqualTo(List.of("NFI onset"));
      assertThat(chromium.consoleErrors()).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  /** A real HTTP server on loopback with the live page's routes over {@code histories}. */
  private static HttpServer serve(ProbeHistories histories) throws java.io.IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    LivePage.routes(histories).forEach(server::createContext);
    server.start();
    return server;
  }

  private static void openAndAwaitUpdates(HeadlessChromium chromium, String url, int updates) {
    chromium.open(url);
    chromium.waitUntil("return !!window.nfiwatch && window.nfiwatch.updates >= " + updates,
        Duration.ofSeconds(20));
  }

  private static Object visibleVerdicts(HeadlessChromium chromium) {
    return chromium.script("return Array.from(document.querySelectorAll('section.probe'))"
        + ".filter(function (s) { return !s.hidden; })"
        + ".map(function (s) { return s.querySelector('.verdict').textContent; })");
  }
}
