package dev.nfiwatch.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What promtool does not check: both scrape configs use the one job the alerts and the dashboard
 * select, and the file_sd example lists one host:port target per worker.
 */
class ScrapeConfigTest {

  private static final String JOB = "nfiwatch";

  @Test
  void bothConfigsScrapeTheAgentsAsTheJobTheAlertsSelect() throws IOException {
    for (String file : List.of("prometheus.yml", "examples/prometheus-multi.yml")) {
      JsonNode config = RuleFiles.read(file);
      assertThat(config.path("scrape_configs")).as(file).hasSize(1);
      assertThat(config.path("scrape_configs").get(0).path("job_name").asText())
          .as(file)
          .isEqualTo(JOB);
      assertThat(config.path("global").path("scrape_interval").asText()).as(file).isEqualTo("5s");
    }
    assertThat(RuleFiles.alerts().get("NfiAgentDown").path("expr").asText())
        .contains("up{job=\"" + JOB + "\"}", "absent(up{job=\"" + JOB + "\"})");
  }

  /**
   * The many-JVM config finds agents through file_sd under the alerts' job, and scrapes the
   * Pushgateway keeping the pushed job and instance (honor_labels), under a job of its own so
   * that its own health is not taken for an agent's.
   */
  @Test
  void theManyJvmConfigFindsTargetFilesAndKeepsPushedLabels() throws IOException {
    JsonNode jobs = RuleFiles.read("examples/prometheus-many-jvms.yml").path("scrape_configs");
    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(0).path("job_name").asText()).isEqualTo(JOB);
    assertThat(jobs.get(0).path("file_sd_configs").get(0).path("files").get(0).asText())
        .endsWith("/*.json");
    assertThat(jobs.get(1).path("job_name").asText()).isNotEqualTo(JOB);
    assertThat(jobs.get(1).path("honor_labels").asBoolean()).isTrue();
  }

  @Test
  void theSingleAgentConfigScrapesTheAgentsDefaultAddress() throws IOException {
    JsonNode job = RuleFiles.read("prometheus.yml").path("scrape_configs").get(0);
    assertThat(job.path("static_configs").get(0).path("targets").get(0).asText())
        .isEqualTo("127.0.0.1:9941");
  }

  @Test
  void fileSdExamplesListOneHostAndPortPerWorker() throws IOException {
    Path folder = ProjectFiles.prometheus().resolve("examples");
    JsonNode job = RuleFiles.read("examples/prometheus-multi.yml").path("scrape_configs").get(0);
    String pattern = job.path("file_sd_configs").get(0).path("files").get(0).asText();
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    List<Path> files;
    try (Stream<Path> all = Files.walk(folder)) {
      files = all.filter(path -> matcher.matches(folder.relativize(path))).toList();
    }
    assertThat(files).as("files matching " + pattern).isNotEmpty();
    for (Path file : files) {
      JsonNode groups = new ObjectMapper().readTree(file.toFile());
      assertThat(groups.isArray()).as(file.toString()).isTrue();
      List<String> targets = new ArrayList<>();
      for (JsonNode group : groups) {
        group.path("targets").forEach(target -> targets.add(target.asText()));
        assertThat(group.path("labels").isObject()).as(file.toString()).isTrue();
      }
      assertThat(targets)
          .isNotEmpty()
          .doesNotHaveDuplicates()
          .allMatch(t -> t.matches("[\\w.-]+:\\d{4,5}"));
    }
  }
}
