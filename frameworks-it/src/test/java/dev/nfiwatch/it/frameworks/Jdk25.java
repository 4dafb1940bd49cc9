package dev.nfiwatch.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * The JDK 25 the Smile tests need ({@code NFIWATCH_JDK25}, exported by {@code test.sh}). Without
 * it the tests are skipped on a developer machine but fail under {@code CI=true}.
 */
public final class Jdk25 {

  private Jdk25() {}

  /** The JDK 25 home; aborts (skips) the test when there is none, or fails under CI. */
  public static Path home() {
    String home = System.getenv("NFIWATCH_JDK25");
    boolean present = home != null && !home.isBlank() && Files.isExecutable(Paths.get(home, "bin", "java"));
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as("NFIWATCH_JDK25 must name a JDK 25 under CI=true (got %s)", home).isTrue();
    }
    Assumptions.assumeTrue(present, "NFIWATCH_JDK25 is not set: Smile needs JDK 25");
    return Paths.get(home);
  }
}
