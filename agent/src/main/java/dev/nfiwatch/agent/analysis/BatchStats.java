package dev.nfiwatch.agent.analysis;

/**
 * What one analysed backward call showed: per-state sample counts, zero-sum residuals, logit gaps,
 * mean logit and loss. One instance per probe is refilled by {@link BatchAnalyzer} on every call, so
 * its values (and the per-sample arrays, valid up to {@link #batch()}) are only meaningful until the
 * next call; observers that keep something must copy it.
 *
 * <p>Conventions: residuals are in the {@code p − y} per-sample convention whatever the probe's sign
 * and scale, so a positive residual is the direction absorption pushes ({@code r_i = Σ_k g_ik}).
 */
public final class BatchStats {

  long step;
  int batch;
  int classes;
  Dtype dtype = Dtype.FP32;
  int healthy;
  int partial;
  int absorbed;
  int dead;
  int nonfinite;
  int correct;
  double batchResidual;
  double residualRatio;
  double gapMin;
  double gapMedian;
  double meanLogit;
  double maxAbsLogit;
  double loss;
  double[] residuals = new double[0];
  double[] gaps = new double[0];
  int[] labels = new int[0];
  final long[] gapBucketCounts = new long[GapBuckets.count() + 1];
  double gapSum;

  /** Grows the per-sample arrays to hold {@code batch} samples (only ever grows). */
  void ensureCapacity(int batch) {
    if (residuals.length < batch) {
      residuals = new double[batch];
      gaps = new double[batch];
    }
  }

  /** The call index of this batch in its probe, starting at 1. */
  public long step() {
    return step;
  }

  /** Samples in the batch. */
  public int batch() {
    return batch;
  }

  /** Classes per sample. */
  public int classes() {
    return classes;
  }

  /** The number format the batch was judged in. */
  public Dtype dtype() {
    return dtype;
  }

  /** Samples whose zero-sum residual is at rounding level. */
  public int healthy() {
    return healthy;
  }

  /** Samples whose residual is well above rounding level but whose correct-class entry is not 0. */
  public int partial() {
    return partial;
  }

  /** Samples whose correct-class gradient is exactly 0 while some other entry is not. */
  public int absorbed() {
    return absorbed;
  }

  /** Samples whose gradient is 0 in every entry. */
  public int dead() {
    return dead;
  }

  /** Non-finite values seen in the logits and the gradient (their samples get no state). */
  public int nonfinite() {
    return nonfinite;
  }

  /** Samples whose correct-class logit beats every other (gap &gt; 0). */
  public int correct() {
    return correct;
  }

  /** Whether every sample of the batch is classified correctly (arms the loss-spike rule). */
  public boolean allCorrect() {
    return correct == batch;
  }

  /** {@code absorbed / batch}. */
  public double absorptionRatio() {
    return batch == 0 ? 0 : (double) absorbed / batch;
  }

  /** {@code Σ_i r_i}, in the {@code p − y} per-sample convention. */
  public double batchResidual() {
    return batchResidual;
  }

  /**
   * The signed batch residual ratio {@code Σ_i r_i / Σ_i Σ_{j≠c_i} |g_ij|} (residual over wrong-class
   * mass): 0 for an exact zero-sum gradient, +1 when every sample is fully absorbed.
   */
  public double residualRatio() {
    return residualRatio;
  }

  /**
   * Per-sample residuals {@code r_i = Σ_k g_ik} (index {@code < batch()}), summed in double
   * (compensated for double input). A shared array: read, do not keep.
   */
  public double[] residuals() {
    return residuals;
  }

  /**
   * Per-sample correct class, resolved from whatever label form the probe reads (index {@code <
   * batch()}). A shared array: read, do not keep.
   */
  public int[] labels() {
    return labels;
  }

  /**
   * Per-sample correct-class logit gaps {@code z_c − max_{j≠c} z_j} in nats (index {@code <
   * batch()}); NaN for samples holding a non-finite value. A shared array: read, do not keep.
   */
  public double[] gaps() {
    return gaps;
  }

  /** The smallest gap of the batch (NaN if none is finite). */
  public double gapMin() {
    return gapMin;
  }

  /** The median gap of the batch (NaN if none is finite). */
  public double gapMedian() {
    return gapMedian;
  }

  /** The sum of the finite gaps of the batch (the histogram's sum). */
  public double gapSum() {
    return gapSum;
  }

  /**
   * Gap counts of this batch per {@link GapBuckets} bucket (not cumulative; the last is +Inf). A
   * shared array: read, do not keep.
   */
  public long[] gapBucketCounts() {
    return gapBucketCounts;
  }

  /** The mean of all logits of the batch. */
  public double meanLogit() {
    return meanLogit;
  }

  /** The largest {@code |logit|} of the batch (NaN logits ignored; 0 when all are NaN). */
  public double maxAbsLogit() {
    return maxAbsLogit;
  }

  /** The batch-mean cross-entropy loss, evaluated in double. */
  public double loss() {
    return loss;
  }

  /** The absorption threshold {@code ln(1/u)} of this batch's format. */
  public double gapThresholdNats() {
    return dtype.thresholdNats();
  }
}
