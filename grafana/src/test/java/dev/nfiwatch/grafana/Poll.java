package dev.nfiwatch.grafana;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Waits on a condition with a deadline, for the integration tests that wait for a real Prometheus
 * or a real training JVM: how long that takes depends on the machine, so no test assumes it.
 */
final class Poll {

  private static final long INTERVAL_MILLIS = 200;

  private Poll() {}

  /**
   * Polls {@code condition} every {@value #INTERVAL_MILLIS} ms until it returns non-null and
   * returns that; fails with {@code what} and {@code context} once {@code timeout} has passed.
   */
  static <T> T until(String what, Duration timeout, Callable<T> condition, Callable<String> context)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      T value = condition.call();
      if (value != null) {
        return value;
      }
      if (Instant.now().isAfter(deadline)) {
        fail("timed out waiting for: " + what + "\n" + context.call());
      }
      Thread.sleep(INTERVAL_MILLIS);
    }
  }
}
