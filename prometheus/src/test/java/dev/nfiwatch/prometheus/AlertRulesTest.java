package dev.nfiwatch.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the alert and recording rules say, beyond their syntax (which promtool checks). */
class AlertRulesTest {

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
    assertThat(RuleFiles.alerts().keySet()).containsExactlyInAnyOrderElementsOf(ALERTS);
  }

  @Test
  void everyAlertExplainsItselfWithValuesAndARunbook() throws IOException {
    RuleFiles.alerts()
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
    Map<String, JsonNode> alerts = RuleFiles.alerts();
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
    for (JsonNode test : RuleFiles.read("alerts_test.yml").path("tests")) {
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
    Set<String> known = new HashSet<>(AgentMetrics.exported());
    known.addAll(AgentMetrics.PROMETHEUS);
    known.addAll(RuleFiles.recorded());
    for (JsonNode rule : RuleFiles.rules()) {
      String expression = rule.path("expr").asText();
      assertThat(PromqlNames.in(expression)).as(expression).isNotEmpty().isSubsetOf(known);
    }
    assertThat(RuleFiles.agentSeriesUsed()).isNotEmpty().isSubsetOf(AgentMetrics.exported());
  }
}
