package dev.nfiwatch.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points, for {@code -javaagent:nfiwatch-agent.jar[=key=value,…]} and for dynamic
 * attach. They only hand over to {@link AgentStarter} and never throw, except that a configuration
 * error with {@code strict=true} fails the JVM start on purpose.
 */
public final class NfiwatchAgent {

  private NfiwatchAgent() {}

  /** Called by the JVM before {@code main} for {@code -javaagent}. */
  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, true);
  }

  /** Called by the JVM when the agent is attached to a running JVM. */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, false);
  }

  private static void start(String arguments, Instrumentation instrumentation, boolean atStart) {
    try {
      AgentStarter.start(arguments, instrumentation, atStart);
    } catch (AgentStarter.StrictConfigurationError e) {
      throw e;
    } catch (Throwable e) {
      AgentLog.info("agent failed to start and is disabled (" + e + "); training goes on");
    }
  }
}
