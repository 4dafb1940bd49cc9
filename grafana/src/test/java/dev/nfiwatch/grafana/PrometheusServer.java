package dev.nfiwatch.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nfiwatch.prometheus.ExternalTool;
import dev.nfiwatch.prometheus.ProjectFiles;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the {@code prometheus} binary from the PATH) on loopback, configured from the
 * shipped {@code prometheus/prometheus.yml} with its rule files, but with 1 s scrape and rule
 * intervals, a temporary storage folder and the given targets. Closing it kills the process.
 */
final class PrometheusServer implements AutoCloseable {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI base;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /** Starts Prometheus in {@code workDir} scraping {@code targets} and waits until it is ready. */
  static PrometheusServer start(ExternalTool prometheus, Path workDir, List<String> targets)
      throws IOException, InterruptedException {
    ObjectNode config = shippedConfig("prometheus.yml");
    ObjectNode job = (ObjectNode) config.path("scrape_configs").get(0);
    ArrayNode staticTargets = (ArrayNode) job.path("static_configs").get(0).path("targets");
    staticTargets.removeAll();
    targets.forEach(staticTargets::add);
    return start(prometheus, workDir, config);
  }

  /** Starts Prometheus in {@code workDir} with {@code config} and waits until it is ready. */
  static PrometheusServer start(ExternalTool prometheus, Path workDir, ObjectNode config)
      throws IOException, InterruptedException {
    Path file = workDir.resolve("prometheus.yml");
    YAML.writeValue(file.toFile(), config);
    int port = FreePort.find();
    Path log = workDir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                prometheus.command(
                    "--config.file=" + file,
                    "--storage.tsdb.path=" + workDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn"))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server =
        new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
    try {
      server.awaitReady(Duration.ofSeconds(60));
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * A shipped configuration ({@code prometheus/<file>}) with 1 s scrape and rule intervals,
   * absolute rule files and no Alertmanager; the caller points its scrape configs at the test's
   * targets.
   */
  static ObjectNode shippedConfig(String file) throws IOException {
    Path shipped = ProjectFiles.prometheus().resolve(file);
    ObjectNode config = (ObjectNode) YAML.readTree(shipped.toFile());
    ObjectNode global = (ObjectNode) config.path("global");
    global.put("scrape_interval", "1s");
    global.put("evaluation_interval", "1s");
    ArrayNode ruleFiles = (ArrayNode) config.path("rule_files");
    for (int i = 0; i < ruleFiles.size(); i++) {
      ruleFiles.set(i, shipped.getParent().resolve(ruleFiles.get(i).asText()).normalize().toString());
    }
    config.remove("alerting");
    return config;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "prometheus not ready after " + timeout + ": " + Files.readString(log));
  }

  /** {@code GET /api/v1/<path>?<query>}; returns the {@code data} field of a successful answer. */
  JsonNode api(String path, String... parameters) throws IOException, InterruptedException {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < parameters.length; i += 2) {
      query
          .append(i == 0 ? "?" : "&")
          .append(parameters[i])
          .append('=')
          .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/" + path + query))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException(
          path + query + " answered " + response.statusCode() + ": " + response.body());
    }
    return body.path("data");
  }

  /** The instant vector of {@code expr} now. */
  JsonNode query(String expr) throws IOException, InterruptedException {
    return api("query", "query", expr).path("result");
  }

  /** The range vector of {@code expr} between {@code start} and now, at 1 s steps. */
  JsonNode queryRange(String expr, Instant start) throws IOException, InterruptedException {
    return api(
            "query_range",
            "query",
            expr,
            "start",
            Long.toString(start.getEpochSecond()),
            "end",
            Long.toString(Instant.now().getEpochSecond()),
            "step",
            "1")
        .path("result");
  }

  /**
   * Waits until every rule group has been evaluated after {@code instant}, so that alerts reflect
   * everything Prometheus had scraped by then.
   */
  void awaitRuleEvaluationAfter(Instant instant, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!allGroupsEvaluatedAfter(instant)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "rules not evaluated after " + instant + " within " + timeout + ": " + log());
      }
      Thread.sleep(200);
    }
  }

  private boolean allGroupsEvaluatedAfter(Instant instant)
      throws IOException, InterruptedException {
    JsonNode groups = api("rules").path("groups");
    if (groups.isEmpty()) {
      return false;
    }
    for (JsonNode group : groups) {
      String last = group.path("lastEvaluation").asText();
      if (last.isEmpty() || !Instant.parse(last).isAfter(instant)) {
        return false;
      }
    }
    return true;
  }

  /** Prometheus's own log, for failure messages. */
  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
