package dev.nfiwatch.agent.cli;

import dev.nfiwatch.agent.AgentState;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attach <pid|main-class> [key=value,…]}: loads the agent into a running JVM through the
 * Attach API, says what it is doing while it waits, and prints the endpoint and the probes that
 * found classes. Refuses (exit 3) when nfiwatch is already loaded there.
 */
@Command(
    name = "attach",
    description = {
      "Load nfiwatch into a running JVM and wait until its endpoint is up.",
      "The settings are the agent arguments, as after -javaagent:nfiwatch-agent.jar="
    })
final class AttachCommand implements Callable<Integer> {

  /** How often the target's state is read while the agent starts. */
  private static final long POLL_MILLIS = 100;

  @Parameters(
      index = "0",
      paramLabel = "PID|MAIN-CLASS",
      description = "the JVM: its pid, or a part of its main class (or -jar file) name")
  private String target;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "KEY=VALUE,...",
      description = "agent settings, e.g. port=0,snapshot=final.prom (default: none)")
  private String settings = "";

  @Mixin private TimeoutOption timeout;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AttachApi.require();
    PrintWriter out = spec.commandLine().getOut();
    Deadline deadline = timeout.start();
    List<Jvms.Jvm> listed = Jvms.list();
    long pid = Jvms.resolve(target, listed);
    String mainClass = Jvms.mainClassOf(pid, listed);
    out.println("attaching to pid " + pid + (mainClass.isEmpty() ? "" : " (" + mainClass + ")"));
    try (AttachSession session = AttachSession.open(pid, deadline)) {
      Properties system = session.systemProperties();
      TargetState before = TargetState.of(system);
      if (before.running()) {
        throw new CliFailure(
            NfiwatchCli.EXIT_ALREADY_LOADED,
            "the agent is already loaded in pid " + pid + " (by " + before.loadedBy()
                + ", settings: " + before.settings() + ", endpoint: "
                + (before.endpoint().isEmpty() ? "none" : before.endpoint())
                + "); it is not loaded twice. `status " + pid + "` shows it");
      }
      String jar = AgentJar.path();
      out.println(
          "loading the agent (settings: " + AgentState.readable(settings)
              + "); instrumenting the classes already loaded");
      session.loadAgent(jar, settings.isEmpty() ? null : settings);
      String note = DynamicLoadingNote.of(pid, system, session.agentProperties());
      if (!note.isEmpty()) {
        out.println(note);
      }
      out.println("waiting for the endpoint");
      TargetState state = awaitStarted(session, deadline);
      if (!state.running()) {
        throw new CliFailure(
            NfiwatchCli.EXIT_FAILED,
            "the agent did not start in pid " + pid + ": " + state.problem()
                + " (fix the settings and attach again)");
      }
      out.println("probes that found classes: " + state.probesLine());
      if (state.endpoint().isEmpty()) {
        throw new CliFailure(
            NfiwatchCli.EXIT_FAILED,
            "the agent is loaded in pid " + pid + " but serves no endpoint: " + state.problem());
      }
      out.println("endpoint up: " + state.endpoint());
      out.println("live page: " + state.livePage());
      return NfiwatchCli.EXIT_OK;
    }
  }

  private static TargetState awaitStarted(AttachSession session, Deadline deadline)
      throws Exception {
    while (true) {
      TargetState state = TargetState.of(session.systemProperties());
      if (state.finished()) {
        return state;
      }
      if (deadline.passed()) {
        throw deadline.timedOut(
            "waiting for the agent's endpoint (phase: "
                + (state.phase().isEmpty() ? "not started" : state.phase()) + ")");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
