package dev.nfiwatch.agent.cli;

/**
 * Ends a command with one message on stderr and an exit code; the commands throw it instead of
 * printing stack traces, so every failure a user can cause reads as one sentence.
 */
final class CliFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The process exit code (see {@link NfiwatchCli}). */
  int exitCode() {
    return exitCode;
  }
}
