package dev.nfiwatch.agent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Whether a target catches SIGQUIT, the signal that asks a HotSpot JVM to start its attach
 * listener. A JVM still starting up (or run with {@code -Xrs}) does not, and SIGQUIT would end it;
 * JDK 21+ checks this itself, JDK 17's Attach API does not, so the command checks first. Linux only
 * ({@code /proc/<pid>/status}); elsewhere, or when unreadable, it assumes yes.
 */
final class QuitSignal {

  /** SIGQUIT is signal 3: bit 2 of the caught-signals mask. */
  private static final long SIGQUIT_MASK = 1L << 2;

  private QuitSignal() {}

  /** Whether {@code pid} catches SIGQUIT (true when it cannot be told). */
  static boolean caughtBy(long pid) {
    Path status = Paths.get("/proc", Long.toString(pid), "status");
    try {
      return caughtIn(new String(Files.readAllBytes(status), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /** Whether the {@code SigCgt} mask in a {@code /proc/<pid>/status} text has SIGQUIT. */
  static boolean caughtIn(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("SigCgt:")) {
        return (Long.parseUnsignedLong(line.substring("SigCgt:".length()).trim(), 16)
                & SIGQUIT_MASK)
            != 0;
      }
    }
    return true;
  }
}
