package dev.nfiwatch.agent.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code status <pid|main-class>}: what the agent in a JVM published about itself (settings,
 * endpoint, probes that found classes, calls so far), read through the Attach API, so it works
 * also when the endpoint is unreachable.
 */
@Command(
    name = "status",
    description = "Show nfiwatch in a JVM: settings, endpoint, probes, calls so far.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "PID|MAIN-CLASS",
      description = "the JVM: its pid, or a part of its main class (or -jar file) name")
  private String target;

  @Mixin private TimeoutOption timeout;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AttachApi.require();
    PrintWriter out = spec.commandLine().getOut();
    Deadline deadline = timeout.start();
    List<Jvms.Jvm> listed = Jvms.list();
    long pid = Jvms.resolve(target, listed);
    TargetState state;
    try (AttachSession session = AttachSession.open(pid, deadline)) {
      state = TargetState.of(session.systemProperties());
    }
    if (!state.running()) {
      throw new CliFailure(
          NfiwatchCli.EXIT_FAILED,
          state.phase().isEmpty()
              ? "the agent is not loaded in pid " + pid + " (`attach " + pid + "` loads it)"
              : "the agent is not running in pid " + pid + ": " + state.problem());
    }
    String mainClass = Jvms.mainClassOf(pid, listed);
    out.println(
        "pid " + pid + (mainClass.isEmpty() ? "" : " (" + mainClass + ")") + ": nfiwatch "
            + state.version() + ", loaded by " + state.loadedBy() + ", settings: "
            + state.settings());
    if (!state.finished()) {
      out.println("starting (phase: " + state.phase() + ")");
    }
    out.println(
        "endpoint: "
            + (state.endpoint().isEmpty()
                ? "none" + (state.problem().isEmpty() ? "" : " (" + state.problem() + ")")
                : state.endpoint()));
    if (!state.livePage().isEmpty()) {
      out.println("live page: " + state.livePage());
    }
    out.println("probes that found classes: " + state.probesLine());
    out.println("calls: " + callsLine(state));
    return NfiwatchCli.EXIT_OK;
  }

  private static String callsLine(TargetState state) {
    if (state.callsAtMillis() < 0) {
      return "not published yet";
    }
    long ageMillis = System.currentTimeMillis() - state.callsAtMillis();
    return (state.calls().isEmpty() ? "none yet" : String.join(", ", state.calls()))
        + String.format(Locale.ROOT, " (as of %.1f s ago)", Math.max(0, ageMillis) / 1000.0);
  }
}
