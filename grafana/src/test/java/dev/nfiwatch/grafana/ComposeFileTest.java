package dev.nfiwatch.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nfiwatch.prometheus.ProjectFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compose file's structure: there is no Docker engine where the tests run, so this checks what
 * can be checked without one: the services, pinned images, that every mounted file exists, and that
 * the files mounted agree with each other (paths and ports).
 */
class ComposeFileTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Path root;
  private JsonNode services;

  @BeforeEach
  void load() throws IOException {
    root = ProjectFiles.root();
    services = YAML.readTree(root.resolve("compose.yaml").toFile()).path("services");
  }

  @Test
  void startsPrometheusAlertmanagerAndGrafana() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrder("prometheus", "alertmanager", "grafana");
  }

  @Test
  void imagesArePinnedToAVersion() {
    services.forEach(
        service ->
            assertThat(service.path("image").asText())
                .matches("[a-z0-9./-]+:v?\\d+\\.\\d+\\.\\d+")
                .doesNotContain(":latest"));
  }

  @Test
  void everyMountedFileOrFolderExists() {
    services
        .fields()
        .forEachRemaining(
            service ->
                mounts(service.getValue())
                    .forEach(
                        (target, source) -> {
                          if (source.startsWith("./")) {
                            assertThat(root.resolve(source.substring(2)))
                                .as(service.getKey() + " mount " + target)
                                .exists();
                          }
                        }));
  }

  @Test
  void prometheusGetsItsConfigAndEveryRuleFileItLoads() throws IOException {
    Map<String, String> mounts = mounts(services.path("prometheus"));
    assertThat(mounts)
        .containsEntry("/etc/prometheus/prometheus.yml", "./prometheus/prometheus.yml");
    JsonNode config = YAML.readTree(ProjectFiles.prometheus().resolve("prometheus.yml").toFile());
    assertThat(config.path("rule_files")).isNotEmpty();
    for (JsonNode ruleFile : config.path("rule_files")) {
      assertThat(mounts)
          .containsEntry(
              "/etc/prometheus/" + ruleFile.asText(), "./prometheus/" + ruleFile.asText());
    }
    assertThat(flag(services.path("prometheus"), "--config.file"))
        .isEqualTo("/etc/prometheus/prometheus.yml");
  }

  @Test
  void portsAgreeBetweenTheServicesAndTheirConfigs() throws IOException {
    JsonNode prometheusConfig =
        YAML.readTree(ProjectFiles.prometheus().resolve("prometheus.yml").toFile());
    String alertmanagerTarget =
        prometheusConfig
            .path("alerting")
            .path("alertmanagers")
            .get(0)
            .path("static_configs")
            .get(0)
            .path("targets")
            .get(0)
            .asText();
    assertThat(flag(services.path("alertmanager"), "--web.listen-address"))
        .isEqualTo(alertmanagerTarget);

    JsonNode datasources =
        YAML.readTree(
            ProjectFiles.grafana().resolve("provisioning/datasources/prometheus.yml").toFile());
    String prometheusUrl = datasources.path("datasources").get(0).path("url").asText();
    assertThat(prometheusUrl)
        .isEqualTo("http://" + flag(services.path("prometheus"), "--web.listen-address"));

    for (String name : List.of("prometheus", "alertmanager", "grafana")) {
      assertThat(services.path(name).path("network_mode").asText())
          .as(name + " shares the host's loopback with the agent")
          .isEqualTo("host");
    }
  }

  @Test
  void alertmanagerGetsAConfigWhoseRouteEndsAtADefinedReceiver() throws IOException {
    Map<String, String> mounts = mounts(services.path("alertmanager"));
    String config = flag(services.path("alertmanager"), "--config.file");
    assertThat(mounts).containsKey(config);
    JsonNode alertmanager = YAML.readTree(root.resolve(mounts.get(config).substring(2)).toFile());
    List<String> receivers = new ArrayList<>();
    alertmanager.path("receivers").forEach(r -> receivers.add(r.path("name").asText()));
    assertThat(receivers).contains(alertmanager.path("route").path("receiver").asText());
  }

  @Test
  void grafanaLoadsTheProvisioningAndTheDashboardFolderItNames() throws IOException {
    Map<String, String> mounts = mounts(services.path("grafana"));
    assertThat(mounts)
        .containsEntry(
            "/etc/grafana/provisioning/datasources", "./grafana/provisioning/datasources")
        .containsEntry("/etc/grafana/provisioning/dashboards", "./grafana/provisioning/dashboards");
    JsonNode providers =
        YAML.readTree(
            ProjectFiles.grafana().resolve("provisioning/dashboards/nfiwatch.yml").toFile());
    String path = providers.path("providers").get(0).path("options").path("path").asText();
    assertThat(mounts).containsEntry(path, "./grafana/dashboards");
    String home =
        services
            .path("grafana")
            .path("environment")
            .path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
            .asText();
    assertThat(home).startsWith(path + "/");
    assertThat(
            ProjectFiles.grafana().resolve("dashboards").resolve(home.substring(path.length() + 1)))
        .isRegularFile();
  }

  /** Bind mounts and named volumes of a service: container path to source. */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> mounts = new HashMap<>();
    for (JsonNode volume : service.path("volumes")) {
      String[] parts = volume.asText().split(":");
      mounts.put(parts[1], parts[0]);
    }
    return mounts;
  }

  /** The value of a {@code --name=value} command-line flag of a service. */
  private static String flag(JsonNode service, String name) {
    for (JsonNode argument : service.path("command")) {
      if (argument.asText().startsWith(name + "=")) {
        return argument.asText().substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + service.path("command"));
  }
}
