package dev.nfiwatch.agent;

import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's state as system properties {@code dev.nfiwatch.agent.*} of the JVM it runs in, so the
 * command line ({@code attach}, {@code status}, {@code list}) can read it from outside through the
 * Attach API ({@code VirtualMachine.getSystemProperties()}) without a port, a file or JMX. Only the
 * agent writes them; the keys are the contract with {@code dev.nfiwatch.agent.cli}.
 */
public final class AgentState {

  /** Common prefix of every key. */
  public static final String PREFIX = "dev.nfiwatch.agent.";

  /** The agent's version. */
  public static final String VERSION = PREFIX + "version";

  /** How it was loaded: {@link #LOADED_AT_START} or {@link #LOADED_BY_ATTACH}. */
  public static final String LOADED = PREFIX + "loaded";

  /** The agent arguments it was started with, as given ("" for none). */
  public static final String SETTINGS = PREFIX + "settings";

  /** Where the start is: one of the {@code PHASE_…} values. */
  public static final String PHASE = PREFIX + "phase";

  /** The metrics URL, absent while not (or never) served. */
  public static final String ENDPOINT = PREFIX + "endpoint";

  /** The live page's URL, absent while not (or never) served. */
  public static final String LIVE_PAGE = PREFIX + "livePage";

  /** Why the agent is disabled or serves no endpoint (the line it printed), else absent. */
  public static final String PROBLEM = PREFIX + "problem";

  /** The classes the probes instrumented: {@code probe:class,probe:class}. */
  public static final String PROBES = PREFIX + "probes";

  /** Calls per installed probe: {@code probe=count,probe=count}, refreshed every second. */
  public static final String CALLS = PREFIX + "calls";

  /** When {@link #CALLS} was last written, epoch milliseconds. */
  public static final String CALLS_AT = PREFIX + "callsAt";

  /** {@link #LOADED}: by {@code -javaagent} at JVM start. */
  public static final String LOADED_AT_START = "javaagent";

  /** {@link #LOADED}: by dynamic attach. */
  public static final String LOADED_BY_ATTACH = "attach";

  /** {@link #PHASE}: installing the probes (retransforming loaded classes at attach). */
  public static final String PHASE_INSTRUMENTING = "instrumenting";

  /** {@link #PHASE}: probes installed, the metrics registry and HTTP server are starting. */
  public static final String PHASE_STARTING_EXPORT = "starting-export";

  /** {@link #PHASE}: running; {@link #ENDPOINT} or {@link #PROBLEM} says where metrics are. */
  public static final String PHASE_UP = "up";

  /** {@link #PHASE}: the start installed nothing ({@link #PROBLEM} says why); may start again. */
  public static final String PHASE_DISABLED = "disabled";

  private AgentState() {}

  /** A start begins: clears what an earlier, disabled start left and records version and arguments. */
  static synchronized void starting(String version, String arguments, boolean atStart) {
    for (String key : new String[] {ENDPOINT, LIVE_PAGE, PROBLEM, PROBES, CALLS, CALLS_AT}) {
      System.clearProperty(key);
    }
    System.setProperty(VERSION, version);
    System.setProperty(LOADED, atStart ? LOADED_AT_START : LOADED_BY_ATTACH);
    System.setProperty(SETTINGS, arguments == null ? "" : arguments);
    System.setProperty(PHASE, PHASE_INSTRUMENTING);
  }

  /** Agent arguments as the user reads them back ("none (defaults)" for none). */
  public static String readable(String arguments) {
    return arguments == null || arguments.isEmpty() ? "none (defaults)" : arguments;
  }

  /** Sets the phase. */
  public static void phase(String phase) {
    System.setProperty(PHASE, phase);
  }

  /** The start ended without installing anything; {@code reason} is the line the agent printed. */
  static void disabled(String reason) {
    System.setProperty(PROBLEM, reason);
    System.setProperty(PHASE, PHASE_DISABLED);
  }

  /** The metrics are served at {@code metricsUrl}, the live page at {@code livePageUrl}. */
  public static void serving(String metricsUrl, String livePageUrl) {
    System.setProperty(ENDPOINT, metricsUrl);
    System.setProperty(LIVE_PAGE, livePageUrl);
  }

  /** The agent runs but serves no endpoint; {@code reason} is the line it printed. */
  public static void notServing(String reason) {
    System.setProperty(PROBLEM, reason);
  }

  /** A probe instrumented {@code className} (each pair is recorded once). */
  public static synchronized void instrumented(String probe, String className) {
    String entry = probe + ":" + className;
    String current = System.getProperty(PROBES, "");
    for (String existing : current.split(",")) {
      if (existing.equals(entry)) {
        return;
      }
    }
    System.setProperty(PROBES, current.isEmpty() ? entry : current + "," + entry);
  }

  /** Records the calls each probe has seen so far (probe name to count). */
  static void calls(Map<String, Long> callsByProbe, long nowMillis) {
    StringBuilder value = new StringBuilder();
    for (Map.Entry<String, Long> entry : new TreeMap<>(callsByProbe).entrySet()) {
      value.append(value.length() == 0 ? "" : ",").append(entry.getKey()).append('=')
          .append(entry.getValue());
    }
    System.setProperty(CALLS, value.toString());
    System.setProperty(CALLS_AT, Long.toString(nowMillis));
  }
}
