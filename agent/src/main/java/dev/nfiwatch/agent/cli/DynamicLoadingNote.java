package dev.nfiwatch.agent.cli;

import java.util.Properties;

/**
 * The note for a target on Java 21 or newer started without {@code -XX:+EnableDynamicAgentLoading}
 * (JEP 451): the JVM then prints a warning about the dynamically loaded agent, which is expected,
 * and the user should know it is not nfiwatch failing.
 */
final class DynamicLoadingNote {

  private static final String FLAG = "EnableDynamicAgentLoading";

  private DynamicLoadingNote() {}

  /**
   * The note, or "" when none is needed.
   *
   * @param system the target's system properties ({@code java.specification.version})
   * @param agent the target's agent properties ({@code sun.jvm.args}: its JVM options)
   */
  static String of(long pid, Properties system, Properties agent) {
    int feature = feature(system.getProperty("java.specification.version", ""));
    String jvmArgs = agent.getProperty("sun.jvm.args", "");
    if (feature < 21 || jvmArgs.lastIndexOf("-XX:+" + FLAG) > jvmArgs.lastIndexOf("-XX:-" + FLAG)) {
      return "";
    }
    return "note: pid " + pid + " runs Java " + feature + " without -XX:+" + FLAG + ", so the JVM"
        + " printed a warning about a dynamically loaded agent on its own output; that is expected"
        + " and nfiwatch works all the same (start the JVM with -XX:+" + FLAG
        + " to silence the warning)";
  }

  /** The feature release in {@code java.specification.version} ("25", or "1.8" for 8). */
  static int feature(String version) {
    String[] parts = version.split("\\.");
    try {
      int first = Integer.parseInt(parts[0]);
      return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
