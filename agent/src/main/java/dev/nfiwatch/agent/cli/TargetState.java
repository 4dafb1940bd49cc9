package dev.nfiwatch.agent.cli;

import dev.nfiwatch.agent.AgentState;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the agent published about itself in a target JVM ({@link AgentState}'s system properties,
 * read through the Attach API), in the words the commands print.
 */
final class TargetState {

  private final Properties properties;

  private TargetState(Properties properties) {
    this.properties = properties;
  }

  /** The state in the target's system properties. */
  static TargetState of(Properties systemProperties) {
    return new TargetState(systemProperties);
  }

  /** Whether an nfiwatch agent has started in the target (and is not disabled). */
  boolean running() {
    String phase = phase();
    return !phase.isEmpty() && !AgentState.PHASE_DISABLED.equals(phase);
  }

  /** The agent's phase, "" when no agent ever started there. */
  String phase() {
    return get(AgentState.PHASE);
  }

  /** Whether the agent finished starting (with or without an endpoint). */
  boolean finished() {
    return AgentState.PHASE_UP.equals(phase()) || AgentState.PHASE_DISABLED.equals(phase());
  }

  /** The metrics URL, "" when none is served. */
  String endpoint() {
    return get(AgentState.ENDPOINT);
  }

  /** The live page's URL, "" when none is served. */
  String livePage() {
    return get(AgentState.LIVE_PAGE);
  }

  /** Why the agent is disabled or serves no endpoint, "" when nothing is wrong. */
  String problem() {
    return get(AgentState.PROBLEM);
  }

  /** The arguments the agent was started with, as the user reads them back. */
  String settings() {
    return AgentState.readable(get(AgentState.SETTINGS));
  }

  /** How it was loaded: "-javaagent at JVM start" or "attach". */
  String loadedBy() {
    return AgentState.LOADED_AT_START.equals(get(AgentState.LOADED))
        ? "-javaagent at JVM start"
        : "attach";
  }

  /** The agent's version. */
  String version() {
    return get(AgentState.VERSION);
  }

  /** The probes that found classes, {@code probe (class)} each; empty when none did yet. */
  List<String> probes() {
    List<String> probes = new ArrayList<>();
    for (String entry : split(get(AgentState.PROBES))) {
      int colon = entry.indexOf(':');
      probes.add(entry.substring(0, colon) + " (" + entry.substring(colon + 1) + ")");
    }
    return probes;
  }

  /** The calls so far of the probes that saw any, {@code probe=count} each. */
  List<String> calls() {
    List<String> calls = new ArrayList<>();
    for (String entry : split(get(AgentState.CALLS))) {
      if (!entry.endsWith("=0")) {
        calls.add(entry);
      }
    }
    return calls;
  }

  /** When the calls were published (epoch milliseconds), or -1. */
  long callsAtMillis() {
    String at = get(AgentState.CALLS_AT);
    return at.isEmpty() ? -1 : Long.parseLong(at);
  }

  /** The probes-found line: the list, or why it is empty. */
  String probesLine() {
    List<String> probes = probes();
    return probes.isEmpty()
        ? "none yet (each probe instruments its class when the class is loaded)"
        : String.join(", ", probes);
  }

  private String get(String key) {
    String value = properties.getProperty(key);
    return value == null ? "" : value;
  }

  private static List<String> split(String list) {
    List<String> parts = new ArrayList<>();
    for (String part : list.split(",")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }
}
