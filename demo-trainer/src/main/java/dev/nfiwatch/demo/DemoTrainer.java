package dev.nfiwatch.demo;

import dev.nfiwatch.demo.cli.DemoCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of {@code nfiwatch-demo.jar}: a pure-Java trainer that reproduces Slingshot loss
 * spikes, the workload nfiwatch's agent is demonstrated on. Exit code 2 means a bad option.
 */
public final class DemoTrainer {

  private DemoTrainer() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(run(args, System.out, System.err, System.console() != null));
  }

  /**
   * Runs the command line without exiting.
   *
   * @param terminal whether {@code out} is an interactive terminal (in-place progress line)
   * @return the exit code: 0 done, 1 failed, 2 bad option
   */
  public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    CommandLine commandLine = new CommandLine(new DemoCommand(out, terminal));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setParameterExceptionHandler(
        (e, ignored) -> {
          PrintWriter w = e.getCommandLine().getErr();
          w.println("nfiwatch-demo: " + e.getMessage());
          w.println("Run with --help to see the options.");
          w.flush();
          return CommandLine.ExitCode.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (e, cl, parsed) -> {
          cl.getErr().println("nfiwatch-demo: training failed: " + e);
          cl.getErr().flush();
          return CommandLine.ExitCode.SOFTWARE;
        });
    return commandLine.execute(args);
  }
}
