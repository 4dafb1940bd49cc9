package dev.nfiwatch.demo.report;

import dev.nfiwatch.demo.metrics.StepRecord;
import dev.nfiwatch.demo.train.RunResult;
import dev.nfiwatch.demo.train.StepListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints training progress: on a terminal one status line rewritten in place a few times a second,
 * otherwise a plain line every few seconds; spike starts get a line of their own.
 */
public final class ProgressPrinter implements StepListener {

  private static final long TERMINAL_INTERVAL_NANOS = 200_000_000L;
  private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final long totalSteps;
  private final long startNanos = System.nanoTime();
  private long lastPrintNanos = startNanos;
  private int lastLineLength;

  /**
   * @param out where to print
   * @param terminal whether {@code out} is an interactive terminal (in-place line)
   * @param totalSteps the steps the run will take, for percent and ETA
   */
  public ProgressPrinter(PrintStream out, boolean terminal, long totalSteps) {
    this.out = out;
    this.terminal = terminal;
    this.totalSteps = totalSteps;
  }

  @Override
  public void onStep(StepRecord r) {
    long now = System.nanoTime();
    if (r.spikeStarts) {
      clearStatus();
      out.printf(Locale.ROOT, "loss spike starts at step %d (loss %.4g)%n", r.step, r.loss);
    }
    long interval = terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
    if (now - lastPrintNanos >= interval || r.step == totalSteps) {
      lastPrintNanos = now;
      print(status(r, now));
    }
  }

  @Override
  public void finish(RunResult result) {
    if (terminal && lastLineLength > 0) {
      out.println();
      lastLineLength = 0;
    }
  }

  private String status(StepRecord r, long now) {
    double seconds = (now - startNanos) / 1e9;
    double stepsPerSecond = r.step / Math.max(seconds, 1e-9);
    long eta = Math.round((totalSteps - r.step) / Math.max(stepsPerSecond, 1e-9));
    return String.format(
        Locale.ROOT,
        "step %d/%d %5.1f%% loss %.4g train %5.1f%% test %5.1f%% |W| %.4g %.0f steps/s ETA %d:%02d",
        r.step,
        totalSteps,
        100.0 * r.step / totalSteps,
        r.loss,
        100.0 * r.trainAccuracy,
        100.0 * r.testAccuracy,
        r.classifierNorm,
        stepsPerSecond,
        eta / 60,
        eta % 60);
  }

  private void print(String line) {
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
      out.flush();
      lastLineLength = line.length();
    } else {
      out.println(line);
    }
  }

  private void clearStatus() {
    if (terminal && lastLineLength > 0) {
      out.print("\r" + " ".repeat(lastLineLength) + "\r");
      lastLineLength = 0;
    }
  }
}
