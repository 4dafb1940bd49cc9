package dev.nfiwatch.agent.nfi;

import dev.nfiwatch.signals.LossSpikeRule;

/**
 * The project's loss-spike rule in the form that fits how the probed job trains, found from the
 * batches themselves: the agent does not know the training set, but a full-batch job (or one that
 * trains on one fixed batch) shows the same samples every step, and a mini-batch job does not.
 *
 * <p>Both forms are fed from the first batch on. Until two batches differ in their labels (as a
 * multiset, so a reshuffled full batch still counts as the same), the full-batch form counts; from
 * the first difference on, for good, the mini-batch form does, with its whole history. No
 * allocation per batch.
 */
final class LossSpikes {

  private final LossSpikeRule fullBatch = new LossSpikeRule(LossSpikeRule.Form.FULL_BATCH);
  private final LossSpikeRule miniBatch = new LossSpikeRule(LossSpikeRule.Form.MINI_BATCH);
  private boolean seenBatch;
  private long previousFingerprint;
  private boolean miniBatches;

  /**
   * Feeds one batch; returns whether a spike starts at this step under the form that applies.
   *
   * @param labels the batch's correct classes, at least {@code batch} long (or null: unknown)
   */
  boolean observe(long step, double loss, boolean allCorrect, int[] labels, int batch) {
    if (labels != null && !miniBatches) {
      long fingerprint = fingerprint(labels, batch);
      miniBatches = seenBatch && fingerprint != previousFingerprint;
      seenBatch = true;
      previousFingerprint = fingerprint;
    }
    boolean fullStarts = fullBatch.observe(step, loss, allCorrect);
    boolean miniStarts = miniBatch.observe(step, loss, allCorrect);
    return miniBatches ? miniStarts : fullStarts;
  }

  /** An order-independent hash of the batch's labels: the sum of one 64-bit mix per label. */
  static long fingerprint(int[] labels, int batch) {
    long sum = batch * 0x9E3779B97F4A7C15L;
    for (int i = 0, n = Math.min(batch, labels.length); i < n; i++) {
      long z = labels[i] + 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      sum += z ^ (z >>> 31);
    }
    return sum;
  }

  /** The rule that counts now. */
  LossSpikeRule rule() {
    return miniBatches ? miniBatch : fullBatch;
  }
}
