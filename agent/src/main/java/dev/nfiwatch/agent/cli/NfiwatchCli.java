package dev.nfiwatch.agent.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar nfiwatch-agent.jar list|attach|status}: the agent jar's own command line, so the
 * one jar is all a user copies to watch a JVM that is already training. Without arguments it prints
 * the usage. Exit codes: 0 done, 1 failed (cannot attach, timeout, agent did not start), 2 usage
 * error or a name that matches several JVMs, 3 the agent is already loaded.
 */
@Command(
    name = "java -jar nfiwatch-agent.jar",
    description = "Attach nfiwatch to a running JVM and show where it runs.",
    subcommands = {ListCommand.class, AttachCommand.class, StatusCommand.class},
    footer = {
      "",
      "Exit codes: 0 done, 1 failed (cannot attach, timeout, agent did not start),",
      "2 usage error or a name that matches several JVMs, 3 nfiwatch is already loaded."
    })
public final class NfiwatchCli implements Runnable {

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_AMBIGUOUS = 2;
  static final int EXIT_ALREADY_LOADED = 3;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      description = "show this help")
  private boolean help;

  @Spec private CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String... args) {
    CommandLine line = new CommandLine(new NfiwatchCli());
    Charset charset = Charset.defaultCharset();
    line.setOut(new PrintWriter(new OutputStreamWriter(System.out, charset), true));
    line.setErr(new PrintWriter(new OutputStreamWriter(System.err, charset), true));
    line.setExecutionExceptionHandler(
        (error, failed, parsed) -> {
          if (error instanceof CliFailure) {
            failed.getErr().println("nfiwatch: " + error.getMessage());
            return ((CliFailure) error).exitCode();
          }
          throw error;
        });
    return line.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
