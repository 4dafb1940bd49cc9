package dev.nfiwatch.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the alert and recording rules say, beyond their syntax (which promtool checks). */
class AlertRulesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final List<String> ALERTS =
      List.of(
          "NfiOnset",
          "NfiAbsorptionHigh",
          "NfiZeroSumBroken",
          "NfiLossSpike",
          "NfiAgentDown",
          "NfiProbeErrors");

  /** The alerts about the numerics, whose runbook must name every remedy. */
  private static final List<String> NUMERICAL_ALERTS =
      List.of("NfiOnset", "NfiAbsorptionHigh", "NfiZeroSumBroken", "NfiLossSpike");

  @Test
  void theSixAlertsExist() throws IOException {
    assertThat(alerts().keySet()).containsExactlyInAnyOrderElementsOf(ALERTS);
  }

  @Test
  void everyAlertExplainsItselfWithValuesAndARunbook() throws IOException {
    alerts()
        .forEach(
            (name, rule) -> {
              JsonNode annotations = rule.path("annotations");
              assertThat(annotations.path("summary").asText()).as(name).contains("$labels.");
              assertThat(annotations.path("description").asText())
                  .as(name)
                  .containsAnyOf("{{ $value", "| query }}")
                  .contains("{{ $labels.job }}");
              assertThat(annotations.path("runbook").asText()).as(name).hasSizeGreaterThan(100);
              assertThat(rule.path("labels").path("severity").asText())
                  .as(name)
                  .isIn("warning", "critical");
            });
  }

  @Test
  void numericalRunbooksNameEveryRemedy() throws IOException {
    Map<String, JsonNode> alerts = alerts();
    for (String name : NUMERICAL_ALERTS) {
      assertThat(alerts.get(name).path("annotations").path("runbook").asText())
          .as(name)
          .contains("-javaagent:nfiwatch-agent.jar=mode=repair", "precision", "epsilon")
          .containsAnyOf("weight decay", "Weight decay");
    }
  }

  @Test
  void everyAlertHasAUnitTestWhereItFiresAndOneWhereItMustNot() throws IOException {
    Set<String> fires = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (JsonNode test : read("alerts_test.yml").path("tests")) {
      for (JsonNode alertTest : test.path("alert_rule_test")) {
        String name = alertTest.path("alertname").asText();
        (alertTest.path("exp_alerts").isEmpty() ? silent : fires).add(name);
      }
    }
    assertThat(fires).as("alerts with a firing case").containsAll(ALERTS);
    assertThat(silent).as("alerts with a must-not-fire case").containsAll(ALERTS);
  }

  @Test
  void rulesNameOnlyExportedOrRecordedSeries() throws IOException {
    Set<String> recorded = new HashSet<>();
    List<String> expressions = new ArrayList<>();
    for (String file : List.of("rules.yml", "alerts.yml")) {
      for (JsonNode group : read(file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.has("record")) {
            recorded.add(rule.path("record").asText());
          }
          expressions.add(rule.path("expr").asText());
        }
      }
    }
    Set<String> known = new HashSet<>(AgentMetrics.exported());
    known.addAll(AgentMetrics.PROMETHEUS);
    known.addAll(recorded);
    for (String expression : expressions) {
      assertThat(PromqlNames.in(expression)).as(expression).isNotEmpty().isSubsetOf(known);
    }
  }

  private static Map<String, JsonNode> alerts() throws IOException {
    Map<String, JsonNode> alerts = new TreeMap<>();
    for (JsonNode group : read("alerts.yml").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.put(rule.path("alert").asText(), rule);
        }
      }
    }
    return alerts;
  }

  private static JsonNode read(String file) throws IOException {
    Path path = ProjectFiles.prometheus().resolve(file);
    return YAML.readTree(path.toFile());
  }
}
