package dev.nfiwatch.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nfiwatch.prometheus.AgentMetrics;
import dev.nfiwatch.prometheus.PromqlNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The "NFI overview" dashboard is import- and provisioning-ready and queries what exists. */
class DashboardTest {

  private static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)]");
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][\\w:]*)?\\{([^}]*)}");
  private static final List<String> AGENT_FILTERS =
      List.of("job=~\"$job\"", "instance=~\"$instance\"");
  private static final List<String> PROBE_FILTERS =
      List.of("probe=~\"$probe\"", "model=~\"$model\"");

  private Dashboard dashboard;

  @BeforeEach
  void load() throws IOException {
    dashboard = Dashboard.load();
  }

  @Test
  void isAnImportableDashboardOfTheExpectedShape() {
    JsonNode json = dashboard.json;
    assertThat(json.path("title").asText()).isEqualTo("NFI overview");
    assertThat(json.path("uid").asText()).isEqualTo("nfiwatch-overview");
    assertThat(json.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    assertThat(json.has("__inputs"))
        .as("no import-time inputs: a variable picks the data source")
        .isFalse();
    assertThat(json.path("id").isMissingNode() || json.path("id").isNull())
        .as("no database id, so provisioning and import create their own")
        .isTrue();
    assertThat(dashboard.panels()).hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void hasTheDatasourceJobInstanceProbeAndModelVariables() {
    List<JsonNode> variables = dashboard.variables();
    assertThat(variables)
        .extracting(v -> v.path("name").asText())
        .containsExactly("datasource", "job", "instance", "probe", "model");
    JsonNode datasource = variables.get(0);
    assertThat(datasource.path("type").asText()).isEqualTo("datasource");
    assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
    for (JsonNode variable : variables.subList(1, variables.size())) {
      assertThat(variable.path("type").asText()).isEqualTo("query");
      assertThat(variable.path("includeAll").asBoolean()).isTrue();
      assertThat(variable.path("allValue").asText()).isEqualTo(".*");
      assertUsesDatasourceVariable("variable " + variable.path("name"), variable);
    }
  }

  @Test
  void panelIdsAreUnique() {
    List<Integer> ids = new ArrayList<>();
    dashboard.panels().forEach(panel -> ids.add(panel.path("id").asInt(-1)));
    assertThat(ids).doesNotContain(-1).doesNotHaveDuplicates();
  }

  @Test
  void panelsFitTheGridWithoutOverlapping() {
    List<JsonNode> panels = dashboard.panels();
    for (JsonNode panel : panels) {
      JsonNode grid = panel.path("gridPos");
      String title = panel.path("title").asText();
      assertThat(grid.path("w").asInt()).as(title).isBetween(1, 24);
      assertThat(grid.path("h").asInt()).as(title).isPositive();
      assertThat(grid.path("x").asInt(-1)).as(title).isNotNegative();
      assertThat(grid.path("y").asInt(-1)).as(title).isNotNegative();
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isLessThanOrEqualTo(24);
    }
    for (int i = 0; i < panels.size(); i++) {
      for (int j = i + 1; j < panels.size(); j++) {
        assertThat(overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos")))
            .as(panels.get(i).path("title") + " and " + panels.get(j).path("title"))
            .isFalse();
      }
    }
  }

  @Test
  void everyPanelHasAUnitADescriptionAndQueries() {
    for (JsonNode panel : dashboard.panels()) {
      String title = panel.path("title").asText();
      assertThat(title).isNotBlank();
      assertThat(panel.path("description").asText()).as(title).hasSizeGreaterThan(30);
      assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText())
          .as(title)
          .isNotBlank();
      assertThat(panel.path("targets")).as(title).isNotEmpty();
    }
  }

  @Test
  void everyPanelQueryAndAnnotationUsesTheDatasourceVariable() {
    for (JsonNode panel : dashboard.panels()) {
      String title = panel.path("title").asText();
      assertUsesDatasourceVariable(title, panel);
      for (JsonNode target : panel.path("targets")) {
        assertUsesDatasourceVariable(title + " " + target.path("refId").asText(), target);
      }
    }
    assertThat(dashboard.annotations()).isNotEmpty();
    for (JsonNode annotation : dashboard.annotations()) {
      assertUsesDatasourceVariable(annotation.path("name").asText(), annotation);
    }
  }

  /**
   * Firing alerts are annotations, and so are the events, placed at the time the agent saw them
   * (the series' value, in ms) rather than at the scrape that first carried them.
   */
  @Test
  void firingAlertsAndEventsAreAnnotations() {
    List<String> expressions = new ArrayList<>();
    dashboard.annotations().forEach(a -> expressions.add(a.path("expr").asText()));
    assertThat(expressions)
        .anySatisfy(e -> assertThat(e).startsWith("ALERTS{").contains("alertstate=\"firing\""));
    for (String event :
        List.of(
            "nfi_last_loss_spike_timestamp_seconds",
            "nfi_last_onset_timestamp_seconds",
            "nfi_first_absorption_timestamp_seconds")) {
      assertThat(dashboard.annotations())
          .as(event)
          .anySatisfy(
              a -> {
                assertThat(a.path("expr").asText()).contains(event + "{").endsWith("> 0) * 1000");
                assertThat(a.path("useValueForTime").asBoolean()).isTrue();
              });
    }
  }

  @Test
  void everyQueryFiltersByTheVariablesAndRatesUseTheRateInterval() {
    for (Dashboard.Query query : dashboard.allQueries()) {
      if (query.where().startsWith("variable")) {
        continue;
      }
      Matcher selector = SELECTOR.matcher(query.expr());
      int selectors = 0;
      while (selector.find()) {
        selectors++;
        String matchers = selector.group(2);
        assertThat(matchers).as(query.where()).contains(AGENT_FILTERS);
        if (AgentMetrics.AGENT_SCOPED.contains(selector.group(1))) {
          assertThat(matchers).as(query.where() + ": no probe label").doesNotContain(PROBE_FILTERS.get(0));
        } else {
          assertThat(matchers).as(query.where()).contains(PROBE_FILTERS);
        }
      }
      assertThat(selectors).as(query.where()).isPositive();
      Matcher range = RANGE.matcher(query.expr());
      while (range.find()) {
        assertThat(range.group(1)).as(query.where()).isEqualTo("$__rate_interval");
      }
    }
  }

  @Test
  void queriesNameOnlyMetricsTheAgentExports() {
    Set<String> known = new HashSet<>(AgentMetrics.exported());
    known.addAll(AgentMetrics.PROMETHEUS);
    for (Dashboard.Query query : dashboard.allQueries()) {
      assertThat(PromqlNames.in(query.expr())).as(query.where()).isNotEmpty().isSubsetOf(known);
    }
  }

  @Test
  void everyCounterAndGaugeTheAgentExportsIsShown() {
    Set<String> shown = new TreeSet<>();
    dashboard.allQueries().forEach(query -> shown.addAll(PromqlNames.in(query.expr())));
    assertThat(shown).containsAll(AgentMetrics.COUNTERS).containsAll(AgentMetrics.GAUGES);
  }

  private static void assertUsesDatasourceVariable(String where, JsonNode node) {
    JsonNode datasource = node.path("datasource");
    assertThat(datasource.path("uid").asText())
        .as(where + " datasource")
        .isEqualTo(Dashboard.DATASOURCE_UID);
    assertThat(datasource.path("type").asText())
        .as(where + " datasource type")
        .isEqualTo("prometheus");
  }

  private static boolean overlap(JsonNode a, JsonNode b) {
    return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
  }
}
