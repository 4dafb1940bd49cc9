package dev.nfiwatch.demo.metrics;

/**
 * What the trainer measured at one step, one field per CSV column. A single instance is reused
 * for every step (no allocation per step); listeners must copy what they keep.
 */
public final class StepRecord {

  /** The step, from 1. */
  public long step;
  /** The mean batch cross-entropy, evaluated in double from the step's logits. */
  public double loss;
  /** The share of the batch whose correct logit is strictly the largest. */
  public double trainAccuracy;
  /** The test accuracy from the latest evaluation (NaN before the first). */
  public double testAccuracy = Double.NaN;
  /** ‖W‖, the Frobenius norm of the classifier weights. */
  public double classifierNorm;
  /** ‖w̄‖, the norm of the mean classifier row. */
  public double classifierMeanNorm;
  /** ‖h̄‖, the norm of the batch-mean feature entering the classifier. */
  public double featureMeanNorm;
  /** The mean of every logit in the batch. */
  public double logitMean;
  /** The smallest correct-logit-minus-best-other gap in the batch. */
  public double gapMin;
  /** The median of that gap over the batch. */
  public double gapMedian;
  /** Whether a loss spike starts at this step. */
  public boolean spikeStarts;
}
