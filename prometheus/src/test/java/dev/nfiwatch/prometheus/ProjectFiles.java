package dev.nfiwatch.prometheus;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the monitoring files live. They sit at the roots of {@code prometheus/} and {@code
 * grafana/} (not under src/) so that users point Prometheus and Grafana at them directly; tests
 * find them from the repository root, wherever Maven runs the test from.
 */
public final class ProjectFiles {

  private ProjectFiles() {}

  /** The repository root: the nearest folder at or above the working directory holding both. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("prometheus/alerts.yml"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "no repository root with prometheus/alerts.yml above " + Path.of("").toAbsolutePath());
  }

  /** The {@code prometheus/} folder. */
  public static Path prometheus() {
    return root().resolve("prometheus");
  }

  /** The {@code grafana/} folder. */
  public static Path grafana() {
    return root().resolve("grafana");
  }
}
