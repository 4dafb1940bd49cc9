package dev.nfiwatch.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The JVMs on this host the Attach API lists for this user (without this command's own JVM), and
 * the choice of one of them by pid or by a substring of its main class.
 */
final class Jvms {

  /** One listed JVM: its pid and main class (the jar file for {@code -jar}), as {@code jps -l}. */
  static final class Jvm {
    final long pid;
    final String mainClass;

    Jvm(long pid, String mainClass) {
      this.pid = pid;
      this.mainClass = mainClass;
    }
  }

  private Jvms() {}

  /** The attachable JVMs of this user, by pid. */
  static List<Jvm> list() {
    long self = ProcessHandle.current().pid();
    List<Jvm> jvms = new ArrayList<>();
    for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
      long pid;
      try {
        pid = Long.parseLong(descriptor.id());
      } catch (NumberFormatException e) {
        continue;
      }
      if (pid != self) {
        jvms.add(new Jvm(pid, mainClassOf(descriptor.displayName(), descriptor.id())));
      }
    }
    jvms.sort(Comparator.comparingLong(jvm -> jvm.pid));
    return jvms;
  }

  /** The main class in a descriptor's display name (the JVM's command: main class, then args). */
  static String mainClassOf(String displayName, String id) {
    String trimmed = displayName == null ? "" : displayName.trim();
    if (trimmed.isEmpty() || trimmed.equals(id)) {
      return "(unknown)";
    }
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space);
  }

  /**
   * The pid {@code target} names: the number itself, or the one listed JVM whose main class
   * contains it.
   *
   * @throws CliFailure exit 1 when no JVM matches, exit 2 (listing the candidates) when several do
   */
  static long resolve(String target, List<Jvm> listed) throws CliFailure {
    if (target.matches("\\d+")) {
      return Long.parseLong(target);
    }
    List<Jvm> matches = new ArrayList<>();
    for (Jvm jvm : listed) {
      if (jvm.mainClass.contains(target)) {
        matches.add(jvm);
      }
    }
    if (matches.isEmpty()) {
      throw new CliFailure(
          NfiwatchCli.EXIT_FAILED,
          "no JVM of this user has a main class containing '" + target + "' (`list` shows them)");
    }
    if (matches.size() > 1) {
      StringBuilder message =
          new StringBuilder("'" + target + "' matches " + matches.size()
              + " JVMs; name one by its pid:");
      for (Jvm jvm : matches) {
        message.append(System.lineSeparator()).append("  ").append(jvm.pid).append("  ")
            .append(jvm.mainClass);
      }
      throw new CliFailure(NfiwatchCli.EXIT_AMBIGUOUS, message.toString());
    }
    return matches.get(0).pid;
  }

  /** The main class of {@code pid} among {@code listed}, or "" when it is not listed. */
  static String mainClassOf(long pid, List<Jvm> listed) {
    for (Jvm jvm : listed) {
      if (jvm.pid == pid) {
        return jvm.mainClass;
      }
    }
    return "";
  }
}
