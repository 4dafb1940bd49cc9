package dev.nfiwatch.agent.nfi;

/**
 * One {@link GrowthRateEstimator} per {@link GrowthSignal}, fed together once per observed batch.
 *
 * <p>Not thread-safe: one instance per probe.
 */
public final class GrowthTracker {

  private final GrowthRateEstimator[] estimators;

  /** @param window how many observations each fit spans */
  public GrowthTracker(int window) {
    GrowthSignal[] signals = GrowthSignal.values();
    estimators = new GrowthRateEstimator[signals.length];
    for (int s = 0; s < signals.length; s++) {
      estimators[s] = new GrowthRateEstimator(window);
    }
  }

  /**
   * Adds one batch's values; a value that is NaN or not positive is skipped for its signal only.
   */
  public void add(long step, double classifierMeanNorm, double featureMeanNorm, double meanLogit) {
    estimators[GrowthSignal.CLASSIFIER_MEAN.ordinal()].add(step, classifierMeanNorm);
    estimators[GrowthSignal.FEATURE_MEAN.ordinal()].add(step, featureMeanNorm);
    estimators[GrowthSignal.LOGIT_MEAN.ordinal()].add(step, Math.abs(meanLogit));
  }

  /** The estimator of one signal. */
  public GrowthRateEstimator of(GrowthSignal signal) {
    return estimators[signal.ordinal()];
  }

  /** The signal's growth rate per step, NaN until its window is full. */
  public double rate(GrowthSignal signal) {
    GrowthRateEstimator estimator = of(signal);
    return estimator.isFull() ? estimator.rate() : Double.NaN;
  }

  /** The R² of the signal's fit, NaN until its window is full. */
  public double r2(GrowthSignal signal) {
    GrowthRateEstimator estimator = of(signal);
    return estimator.isFull() ? estimator.r2() : Double.NaN;
  }
}
