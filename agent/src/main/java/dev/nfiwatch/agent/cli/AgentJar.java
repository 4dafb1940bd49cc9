package dev.nfiwatch.agent.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The jar this command runs from: the very agent it loads into the target. */
final class AgentJar {

  private AgentJar() {}

  /** The absolute path of the agent jar. */
  static String path() throws CliFailure {
    try {
      Path jar =
          Paths.get(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toAbsolutePath();
      if (Files.isRegularFile(jar)) {
        return jar.toString();
      }
      throw new CliFailure(
          NfiwatchCli.EXIT_FAILED, "not run from the agent jar (" + jar + "): use java -jar");
    } catch (URISyntaxException | RuntimeException e) {
      throw new CliFailure(NfiwatchCli.EXIT_FAILED, "cannot locate the agent jar: " + e);
    }
  }
}
