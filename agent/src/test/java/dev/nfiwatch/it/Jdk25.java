package dev.nfiwatch.it;

import org.junit.jupiter.api.Assumptions;

/**
 * The JDK 25 of the cross-JDK tests ({@code NFIWATCH_JDK25}, exported by {@code test.sh}): without
 * it they are skipped on a developer machine but fail under {@code CI=true}.
 */
final class Jdk25 {

  private Jdk25() {}

  /** The JDK 25 home; aborts (skips) the test when there is none, or fails under CI. */
  static String home() {
    String jdk25 = System.getenv("NFIWATCH_JDK25");
    if (jdk25 == null || jdk25.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true but NFIWATCH_JDK25 is not set: the JDK 25 test must run");
      }
      Assumptions.abort("NFIWATCH_JDK25 is not set (./test.sh sets it)");
    }
    return jdk25;
  }
}
