package dev.nfiwatch.agent.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The command's {@code --timeout}: runs each blocking Attach API call on a daemon thread and gives
 * up when the time is spent, because a suspended or hung target JVM would block the call forever.
 */
final class Deadline {

  private final long seconds;
  private final long endNanos;

  private Deadline(long seconds) {
    this.seconds = seconds;
    this.endNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
  }

  /** A deadline {@code seconds} from now. */
  static Deadline in(long seconds) {
    return new Deadline(seconds);
  }

  /** Whether the time is spent. */
  boolean passed() {
    return System.nanoTime() - endNanos >= 0;
  }

  /** The milliseconds left, at least 1. */
  long remainingMillis() {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
  }

  /**
   * Runs {@code task} and returns its result, or fails naming {@code step} when the deadline
   * passes first.
   *
   * @param step what the task does, for the message ("attaching to pid 42")
   */
  <T> T run(String step, Callable<T> task) throws Exception {
    return run(step, task, 0);
  }

  /**
   * Like {@link #run(String, Callable)}, but after the deadline gives the task up to {@code
   * graceMillis} more to end on its own (to clean up after itself) before failing.
   */
  <T> T run(String step, Callable<T> task, long graceMillis) throws Exception {
    FutureTask<T> future = new FutureTask<>(task);
    Thread thread = new Thread(future, "nfiwatch-cli-call");
    thread.setDaemon(true);
    thread.start();
    try {
      return future.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      thread.join(graceMillis);
      throw timedOut(step);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw e;
    }
  }

  /** The failure for a deadline that passed while doing {@code step}. */
  CliFailure timedOut(String step) {
    return new CliFailure(
        NfiwatchCli.EXIT_FAILED,
        "timed out after " + seconds + " s while " + step + " (--timeout " + seconds
            + "); the target JVM may be suspended or very busy. Try a longer --timeout.");
  }
}
