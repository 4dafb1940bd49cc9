package dev.nfiwatch.demo.train;

import java.util.Locale;

/**
 * The outcome of a run, printed as the machine-readable last line.
 *
 * @param steps the steps trained
 * @param spikes the loss spikes seen by the project's spike rule
 * @param firstSpike the step the first spike started, -1 when none
 * @param wallSeconds the wall time of the training loop
 * @param backend the key of what ran the matrix products ({@link
 *     dev.nfiwatch.demo.linalg.Backend#key()})
 * @param elements the key of what ran the element-wise kernels ({@link
 *     dev.nfiwatch.demo.linalg.ElementKernels#KEY})
 * @param checksum a 64-bit hash of the raw bits of the final parameters
 */
public record RunResult(
    long steps,
    int spikes,
    long firstSpike,
    double wallSeconds,
    String backend,
    String elements,
    long checksum) {

  /**
   * {@code result: steps=N spikes=S first_spike=T wall_s=X backend=B elements=E checksum=HEX}; the
   * checksum stays last (readers anchor it at the end of the line).
   */
  public String line() {
    return String.format(
        Locale.ROOT,
        "result: steps=%d spikes=%d first_spike=%d wall_s=%.2f backend=%s elements=%s"
            + " checksum=%016x",
        steps,
        spikes,
        firstSpike,
        wallSeconds,
        backend,
        elements,
        checksum);
  }

  /**
   * The result line of one of several models trained at once: {@code result: model=M seed=S
   * steps=N …}.
   */
  public String line(int model, long seed) {
    return String.format(Locale.ROOT, "result: model=%d seed=%d ", model, seed)
        + line().substring("result: ".length());
  }
}
