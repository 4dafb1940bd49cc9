package dev.nfiwatch.agent.cli;

import java.util.Optional;

/**
 * Why the Attach API refused a pid, in one sentence: no such process, a JVM of another user, a JVM
 * started with {@code -XX:+DisableAttachMechanism}, or the JDK's own reason.
 */
final class AttachRefusal {

  private AttachRefusal() {}

  /** The failure for attaching to {@code pid} that threw {@code error}. */
  static CliFailure explain(long pid, Exception error) {
    return new CliFailure(
        NfiwatchCli.EXIT_FAILED,
        message(
            pid,
            ProcessHandle.of(pid).isPresent(),
            ProcessHandle.of(pid).flatMap(p -> p.info().user()),
            System.getProperty("user.name"),
            String.valueOf(error.getMessage())));
  }

  /**
   * @param alive whether a process {@code pid} exists
   * @param owner the user the process runs as, when known
   * @param user the user running this command
   * @param jdkMessage what the Attach API said
   */
  static String message(
      long pid, boolean alive, Optional<String> owner, String user, String jdkMessage) {
    if (!alive) {
      return "cannot attach to pid " + pid + ": there is no such process (`list` shows the JVMs)";
    }
    if (owner.isPresent() && !owner.get().equals(user) && !"root".equals(user)) {
      return "cannot attach to pid " + pid + ": it runs as user " + owner.get() + ", this command as "
          + user + "; the Attach API only reaches JVMs of the same user, so run it as "
          + owner.get();
    }
    if (jdkMessage.contains("does not support the attach mechanism")) {
      return "cannot attach to pid " + pid + ": the JVM does not accept attach (started with"
          + " -XX:+DisableAttachMechanism, or not a HotSpot JVM); restart it with"
          + " -javaagent:nfiwatch-agent.jar=... instead";
    }
    return "cannot attach to pid " + pid + ": " + jdkMessage + " (not a JVM, or one that does not"
        + " answer attach requests)";
  }
}
