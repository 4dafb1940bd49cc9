package dev.nfiwatch.it;

import java.time.Duration;
import java.util.List;

/**
 * One run of the agent jar's command line, {@code java -jar nfiwatch-agent.jar args…}, in its own
 * JVM: its exit code and everything it printed (stdout and stderr merged).
 */
record AgentCli(int exitCode, String output) {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** Runs the command line on {@code javaHome} (null: the JDK running the tests) to its end. */
  static AgentCli run(String javaHome, String... args) throws Exception {
    try (ForkedJvm cli = ForkedJvm.startJar(javaHome, null, List.of(), ForkedJvm.AGENT_JAR, args)) {
      int exitCode = cli.awaitExit(TIMEOUT);
      return new AgentCli(exitCode, cli.output());
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + ":\n" + output;
  }
}
