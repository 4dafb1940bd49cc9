package dev.nfiwatch.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nfiwatch.prometheus.ProjectFiles;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Grafana's provisioning files declare a Prometheus data source and the dashboards folder. */
class ProvisioningTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void declaresAPrometheusDatasourceThatMatchesTheScrapeInterval() throws IOException {
    JsonNode file = read("provisioning/datasources/prometheus.yml");
    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode datasource = file.path("datasources").get(0);
    assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
    assertThat(datasource.path("access").asText()).isEqualTo("proxy");
    assertThat(datasource.path("url").asText()).startsWith("http://");
    JsonNode scrape = YAML.readTree(ProjectFiles.prometheus().resolve("prometheus.yml").toFile());
    assertThat(datasource.path("jsonData").path("timeInterval").asText())
        .isEqualTo(scrape.path("global").path("scrape_interval").asText());
  }

  @Test
  void declaresAFileProviderForTheDashboardsFolder() throws IOException {
    JsonNode file = read("provisioning/dashboards/nfiwatch.yml");
    assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode provider = file.path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("folder").asText()).isEqualTo("nfiwatch");
    assertThat(provider.path("options").path("path").asText()).startsWith("/");
  }

  private static JsonNode read(String file) throws IOException {
    return YAML.readTree(ProjectFiles.grafana().resolve(file).toFile());
  }
}
