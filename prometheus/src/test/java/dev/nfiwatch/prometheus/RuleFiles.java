package dev.nfiwatch.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The rules of {@code rules.yml} and {@code alerts.yml}, read as YAML. */
public final class RuleFiles {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The rule files Prometheus loads, in this folder. */
  public static final List<String> FILES = List.of("rules.yml", "alerts.yml");

  private RuleFiles() {}

  /** A YAML file of the {@code prometheus/} folder. */
  public static JsonNode read(String file) throws IOException {
    return YAML.readTree(ProjectFiles.prometheus().resolve(file).toFile());
  }

  /** Every rule of both files. */
  public static List<JsonNode> rules() throws IOException {
    List<JsonNode> rules = new ArrayList<>();
    for (String file : FILES) {
      for (JsonNode group : read(file).path("groups")) {
        group.path("rules").forEach(rules::add);
      }
    }
    return rules;
  }

  /** The alerting rules by alert name. */
  public static Map<String, JsonNode> alerts() throws IOException {
    Map<String, JsonNode> alerts = new TreeMap<>();
    for (JsonNode rule : rules()) {
      if (rule.has("alert")) {
        alerts.put(rule.path("alert").asText(), rule);
      }
    }
    return alerts;
  }

  /** The names of the recorded series. */
  public static Set<String> recorded() throws IOException {
    Set<String> recorded = new TreeSet<>();
    for (JsonNode rule : rules()) {
      if (rule.has("record")) {
        recorded.add(rule.path("record").asText());
      }
    }
    return recorded;
  }

  /** The agent's series that the rules' expressions name. */
  public static Set<String> agentSeriesUsed() throws IOException {
    Set<String> used = new TreeSet<>();
    for (JsonNode rule : rules()) {
      used.addAll(PromqlNames.in(rule.path("expr").asText()));
    }
    used.removeAll(recorded());
    used.removeAll(AgentMetrics.PROMETHEUS);
    return used;
  }
}
