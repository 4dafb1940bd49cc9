package dev.nfiwatch.demo.train;

import dev.nfiwatch.demo.metrics.StepRecord;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Holds training to at most a given number of steps per second ({@code --max-steps-per-second}),
 * so that a person can watch a run live and a monitoring test can choose how fast events come.
 *
 * <p>Each step waits until at least one interval has passed since the previous step ended; a step
 * that is already late does not wait, and lateness is not made up later with a burst, so no window
 * of time sees more than the rate allows. Waiting changes nothing the training computes.
 */
public final class StepPacer implements StepListener {

  /** Waits {@code nanos} nanoseconds (or returns early; the pacer then waits again). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long nanos);
  }

  private final long intervalNanos;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private long previous = Long.MIN_VALUE;

  /** Paces to at most {@code stepsPerSecond} steps per second, by the JVM's monotonic clock. */
  public StepPacer(double stepsPerSecond) {
    this(stepsPerSecond, System::nanoTime, LockSupport::parkNanos);
  }

  StepPacer(double stepsPerSecond, LongSupplier clock, Sleeper sleeper) {
    if (!(stepsPerSecond > 0) || Double.isInfinite(stepsPerSecond)) {
      throw new IllegalArgumentException("steps per second must be positive: " + stepsPerSecond);
    }
    this.intervalNanos = Math.max(1, Math.round(1e9 / stepsPerSecond));
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public void onStep(StepRecord record) {
    long now = clock.getAsLong();
    if (previous != Long.MIN_VALUE) {
      long due = previous + intervalNanos;
      while (now - due < 0) {
        sleeper.sleep(due - now);
        now = clock.getAsLong();
      }
    }
    previous = now;
  }
}
