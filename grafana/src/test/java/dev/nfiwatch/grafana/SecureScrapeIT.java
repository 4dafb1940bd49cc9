package dev.nfiwatch.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nfiwatch.agent.security.TestCertificates;
import dev.nfiwatch.prometheus.ExternalTool;
import dev.nfiwatch.prometheus.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the demo's agent over HTTPS with basic auth, configured from the
 * shipped {@code prometheus/examples/nfiwatch-web.yml} (the agent's side) and {@code
 * prometheus-tls.yml} (Prometheus's side) with certificates made for the test: the job is up and
 * its metrics arrive, a job that finds the agent through its {@code sd.dir} target file (no
 * {@code scheme} of its own) is up too, while a job with a wrong password is down with a 401 and
 * one with plain HTTP is down.
 */
class SecureScrapeIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path work;

  @Test
  void prometheusScrapesTheAgentOverHttpsWithBasicAuth() throws Exception {
    ExternalTool prometheusBinary = ExternalTool.require("prometheus", "prometheus");
    TestCertificates ca = TestCertificates.create("secure-scrape-it-ca");
    Path caFile = ca.writeCertificate(work.resolve("nfiwatch-ca.crt"));
    TestCertificates.Issued server = ca.server(work, "nfiwatch", "EC");

    ObjectNode web =
        (ObjectNode) YAML.readTree(ProjectFiles.prometheus().resolve("examples/nfiwatch-web.yml").toFile());
    ObjectNode tls = (ObjectNode) web.path("tls_server_config");
    tls.put("cert_file", server.certFile().toString());
    tls.put("key_file", server.keyFile().toString());
    ((ObjectNode) web.path("basic_auth_users"))
        .put("prometheus", TestCertificates.bcrypt("scrape-secret", 10));
    Path webFile = work.resolve("nfiwatch-web.yml");
    YAML.writeValue(webFile.toFile(), web);

    try (DemoRun demo =
        DemoRun.startWithAgent("secure-demo", work,
            "port=0,web.config.file=" + webFile + ",sd.dir=" + work.resolve("sd"),
            "--steps", "100", "--linger", "1800")) {
      String endpoint = demo.awaitEndpoint(TIMEOUT);
      assertThat(demo.log()).contains("metrics at https://" + endpoint + "/metrics");

      ObjectNode config = PrometheusServer.shippedConfig("examples/prometheus-tls.yml");
      ArrayNode jobs = (ArrayNode) config.path("scrape_configs");
      ObjectNode job = (ObjectNode) jobs.get(0);
      assertThat(job.path("scheme").asText()).isEqualTo("https");
      ((ObjectNode) job.path("tls_config")).put("ca_file", caFile.toString());
      Path password = Files.writeString(work.resolve("nfiwatch-password"), "scrape-secret\n");
      ((ObjectNode) job.path("basic_auth")).put("password_file", password.toString());
      ArrayNode targets = (ArrayNode) job.path("static_configs").get(0).path("targets");
      targets.removeAll().add(endpoint);

      ObjectNode wrongPassword = job.deepCopy();
      wrongPassword.put("job_name", "nfiwatch-wrong-password");
      Path wrong = Files.writeString(work.resolve("wrong-password"), "guess\n");
      ((ObjectNode) wrongPassword.path("basic_auth")).put("password_file", wrong.toString());
      jobs.add(wrongPassword);
      ObjectNode discovered = job.deepCopy();
      discovered.put("job_name", "nfiwatch-file-sd");
      discovered.remove("scheme"); // the target file's __scheme__ says https
      discovered.remove("static_configs");
      discovered.putArray("file_sd_configs").addObject().putArray("files")
          .add(work.resolve("sd").resolve("*.json").toString());
      jobs.add(discovered);
      ObjectNode plain = job.deepCopy();
      plain.put("job_name", "nfiwatch-plain-http");
      plain.remove("tls_config");
      plain.put("scheme", "http");
      jobs.add(plain);

      try (PrometheusServer prometheus = PrometheusServer.start(prometheusBinary, work, config)) {
        Callable<String> context = () -> prometheus.api("targets").toString() + "\n" + demo.log();
        await("the HTTPS job up", () -> {
          JsonNode up = prometheus.query("up{job=\"nfiwatch\"} == 1");
          return up.size() == 1 ? up : null;
        }, context);
        await("the job found through sd.dir up, over HTTPS by its target file's scheme", () -> {
          JsonNode up = prometheus.query("up{job=\"nfiwatch-file-sd\"} == 1");
          return up.size() == 1 ? up : null;
        }, context);
        await("the demo's calls scraped over HTTPS", () -> {
          JsonNode calls = prometheus.query("nfi_backward_calls_total{job=\"nfiwatch\"} > 0");
          return calls.isEmpty() ? null : calls;
        }, context);
        JsonNode refused = await("the wrong password's job down with a 401", () -> {
          for (JsonNode target : prometheus.api("targets").path("activeTargets")) {
            if (target.path("labels").path("job").asText().equals("nfiwatch-wrong-password")
                && target.path("health").asText().equals("down")) {
              return target;
            }
          }
          return null;
        }, context);
        assertThat(refused.path("lastError").asText()).contains("401");
        await("the plain-HTTP job down", () -> {
          JsonNode down = prometheus.query("up{job=\"nfiwatch-plain-http\"} == 0");
          return down.isEmpty() ? null : down;
        }, context);
        assertThat(prometheus.query("up{job=\"nfiwatch-wrong-password\"} == 1")).isEmpty();
      }
    }
  }

  private static <T> T await(String what, Callable<T> condition, Callable<String> context)
      throws Exception {
    return Poll.until(what, TIMEOUT, condition, context);
  }
}
