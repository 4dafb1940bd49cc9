package dev.nfiwatch.agent.cli;

/**
 * Checks that this Java has the Attach API (module {@code jdk.attach}); a JRE or a trimmed runtime
 * lacks it, and the user should hear that instead of a {@code NoClassDefFoundError}.
 */
final class AttachApi {

  private AttachApi() {}

  /** Fails with a message naming the missing module when there is no Attach API. */
  static void require() throws CliFailure {
    try {
      Class.forName("com.sun.tools.attach.VirtualMachine");
    } catch (ClassNotFoundException | LinkageError e) {
      throw new CliFailure(
          NfiwatchCli.EXIT_FAILED,
          "this Java (" + System.getProperty("java.home") + ") has no Attach API (module"
              + " jdk.attach); run the command with the java of a JDK");
    }
  }
}
