package dev.nfiwatch.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.Properties;

/**
 * One connection to a target JVM through the Attach API, every call bounded by the command's
 * {@link Deadline}, every failure turned into one {@link CliFailure} sentence that says why (no such
 * process, another user, attach disabled, timeout).
 */
final class AttachSession implements AutoCloseable {

  /**
   * The JDK's own limit on waiting for a target to open its attach socket (default 10 s), set to
   * the time left so that an unanswered attach gives up by itself and removes the {@code
   * .attach_pid} file it created in the target's directory.
   */
  private static final String JDK_ATTACH_TIMEOUT = "sun.tools.attach.attachTimeout";

  /** How long an attach that timed out may take to give up by itself. */
  private static final long CLEANUP_GRACE_MILLIS = 5_000;

  private final long pid;
  private final VirtualMachine vm;
  private final Deadline deadline;

  private AttachSession(long pid, VirtualMachine vm, Deadline deadline) {
    this.pid = pid;
    this.vm = vm;
    this.deadline = deadline;
  }

  /** Attaches to {@code pid}. */
  static AttachSession open(long pid, Deadline deadline) throws CliFailure {
    if (!QuitSignal.caughtBy(pid)) {
      throw new CliFailure(
          NfiwatchCli.EXIT_FAILED,
          "pid " + pid + " does not handle attach requests yet (a JVM still starting, or one run"
              + " with -Xrs); asking it now could end it, so it is left alone. Try again in a"
              + " moment");
    }
    if (System.getProperty(JDK_ATTACH_TIMEOUT) == null) {
      System.setProperty(JDK_ATTACH_TIMEOUT, Long.toString(deadline.remainingMillis()));
    }
    try {
      VirtualMachine vm =
          deadline.run(
              "attaching to pid " + pid,
              () -> VirtualMachine.attach(Long.toString(pid)),
              CLEANUP_GRACE_MILLIS);
      return new AttachSession(pid, vm, deadline);
    } catch (CliFailure e) {
      throw e;
    } catch (AttachNotSupportedException | IOException e) {
      if (deadline.passed()) {
        throw deadline.timedOut("attaching to pid " + pid);
      }
      throw AttachRefusal.explain(pid, e);
    } catch (Exception e) {
      throw new CliFailure(NfiwatchCli.EXIT_FAILED, "cannot attach to pid " + pid + ": " + e);
    }
  }

  /** The target's system properties (where the agent publishes its state). */
  Properties systemProperties() throws CliFailure {
    return call("reading the system properties of pid " + pid, vm::getSystemProperties);
  }

  /** The target's agent properties ({@code sun.jvm.args} among them). */
  Properties agentProperties() throws CliFailure {
    return call("reading the JVM arguments of pid " + pid, vm::getAgentProperties);
  }

  /** Loads the agent jar with {@code arguments}; returns once its {@code agentmain} returned. */
  void loadAgent(String jar, String arguments) throws CliFailure {
    try {
      deadline.run(
          "loading the agent into pid " + pid + " (it may still finish: see `status " + pid + "`)",
          () -> {
            vm.loadAgent(jar, arguments);
            return null;
          });
    } catch (CliFailure e) {
      throw e;
    } catch (AgentInitializationException e) {
      // agentmain threw: strict=true with a bad configuration; the state says which.
      return;
    } catch (AgentLoadException | IOException e) {
      throw new CliFailure(
          NfiwatchCli.EXIT_FAILED, "pid " + pid + " could not load the agent: " + e.getMessage());
    } catch (Exception e) {
      throw new CliFailure(
          NfiwatchCli.EXIT_FAILED, "pid " + pid + " could not load the agent: " + e);
    }
  }

  private <T> T call(String step, java.util.concurrent.Callable<T> task) throws CliFailure {
    try {
      return deadline.run(step, task);
    } catch (CliFailure e) {
      throw e;
    } catch (Exception e) {
      throw new CliFailure(NfiwatchCli.EXIT_FAILED, "failed " + step + ": " + e);
    }
  }

  @Override
  public void close() {
    try {
      vm.detach();
    } catch (IOException e) {
      // the target went away; nothing to release
    }
  }
}
