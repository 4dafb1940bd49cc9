package dev.nfiwatch.agent.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code list}: the JVMs of this user on this host, each with whether nfiwatch runs in it and its
 * endpoint (read by attaching to each, with the {@code --timeout} per JVM).
 */
@Command(
    name = "list",
    description = "List the JVMs on this host: pid, nfiwatch loaded or not, endpoint, main class.")
final class ListCommand implements Callable<Integer> {

  private static final String ROW = "%-8s %-9s %-34s %s%n";

  @Mixin private TimeoutOption timeout;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AttachApi.require();
    PrintWriter out = spec.commandLine().getOut();
    List<Jvms.Jvm> jvms = Jvms.list();
    out.printf(ROW, "PID", "NFIWATCH", "ENDPOINT", "MAIN CLASS");
    for (Jvms.Jvm jvm : jvms) {
      String loaded;
      String endpoint;
      try (AttachSession session = AttachSession.open(jvm.pid, timeout.start())) {
        TargetState state = TargetState.of(session.systemProperties());
        loaded = state.running() ? "yes" : state.phase().isEmpty() ? "no" : "disabled";
        endpoint = state.endpoint().isEmpty() ? "-" : state.endpoint();
      } catch (CliFailure e) {
        if (ProcessHandle.of(jvm.pid).isEmpty()) {
          continue; // ended since it was listed
        }
        loaded = "?";
        endpoint = "(" + e.getMessage() + ")";
      }
      out.printf(ROW, jvm.pid, loaded, endpoint, jvm.mainClass);
    }
    if (jvms.isEmpty()) {
      out.println("(no other JVM of this user)");
    }
    return NfiwatchCli.EXIT_OK;
  }
}
