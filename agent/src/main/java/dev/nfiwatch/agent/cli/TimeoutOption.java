package dev.nfiwatch.agent.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --timeout SECONDS} every command takes (a hung target JVM must not hang it). */
final class TimeoutOption {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  private long seconds = 60;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "give up after this many seconds (default: 60)")
  void seconds(long value) {
    if (value < 1) {
      throw new ParameterException(
          spec.commandLine(), "--timeout must be at least 1 second, got " + value);
    }
    seconds = value;
  }

  /** A deadline of the chosen length, from now. */
  Deadline start() {
    return Deadline.in(seconds);
  }
}
