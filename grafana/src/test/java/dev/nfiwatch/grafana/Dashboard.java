package dev.nfiwatch.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nfiwatch.prometheus.ProjectFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "NFI overview" dashboard as JSON, with the PromQL it runs: its panels' queries, its
 * annotation queries and its variables' {@code label_values} queries.
 */
final class Dashboard {

  /** The file, relative to {@code grafana/}. */
  static final String FILE = "dashboards/nfi-overview.json";

  /** What every panel, query, annotation and variable must name as its data source. */
  static final String DATASOURCE_UID = "${datasource}";

  /** One PromQL query of the dashboard and where it comes from. */
  record Query(String where, String expr) {}

  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_]\\w*)\\s*\\)");

  final JsonNode json;

  private Dashboard(JsonNode json) {
    this.json = json;
  }

  static Dashboard load() throws IOException {
    Path file = ProjectFiles.grafana().resolve(FILE);
    return new Dashboard(new ObjectMapper().readTree(file.toFile()));
  }

  List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    json.path("panels").forEach(panels::add);
    return panels;
  }

  List<JsonNode> annotations() {
    List<JsonNode> annotations = new ArrayList<>();
    json.path("annotations").path("list").forEach(annotations::add);
    return annotations;
  }

  List<JsonNode> variables() {
    List<JsonNode> variables = new ArrayList<>();
    json.path("templating").path("list").forEach(variables::add);
    return variables;
  }

  /** The queries of one panel, in target order. */
  static List<Query> queries(JsonNode panel) {
    List<Query> queries = new ArrayList<>();
    for (JsonNode target : panel.path("targets")) {
      queries.add(
          new Query(
              "panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
              target.path("expr").asText()));
    }
    return queries;
  }

  /** Every PromQL query: panel targets, annotations, and the series selector of each variable. */
  List<Query> allQueries() {
    List<Query> queries = new ArrayList<>();
    panels().forEach(panel -> queries.addAll(queries(panel)));
    for (JsonNode annotation : annotations()) {
      queries.add(
          new Query(
              "annotation \"" + annotation.path("name").asText() + "\"",
              annotation.path("expr").asText()));
    }
    for (JsonNode variable : variables()) {
      if ("query".equals(variable.path("type").asText())) {
        queries.add(
            new Query(
                "variable $" + variable.path("name").asText(),
                seriesOf(variable.path("query").path("query").asText())));
      }
    }
    return queries;
  }

  /** The series selector of a {@code label_values(selector, label)} variable query. */
  static String seriesOf(String labelValues) {
    Matcher matcher = LABEL_VALUES.matcher(labelValues.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "not a label_values(selector, label) query: " + labelValues);
    }
    return matcher.group(1);
  }
}
