package dev.nfiwatch.agent.nfi;

import dev.nfiwatch.signals.LossSpikeRule;
import java.util.function.LongSupplier;

/**
 * Everything NFI about one probe: norms and drift, growth rates, the onset detector, loss spikes and
 * the count of repaired samples, fed once per analysed batch.
 *
 * <pre>{@code
 * NfiMonitor nfi = new NfiMonitor(OnsetSettings.defaults(), WeightOrientation.CLASSES_BY_FEATURES);
 * nfi.observe(step, batch, classes, absorbed, partial, residuals, meanLogit, maxAbsLogit,
 *     medianGap, 0x1p-24, allCorrect, loss, weights, features);
 * if (nfi.onsetStarted()) log(nfi.onset().describeOnset());
 * }</pre>
 *
 * <p>{@link #observe} runs on the training thread, in constant time per step apart from one pass
 * over the weights and one over the features, and allocates nothing in steady state. The values
 * that metrics read from other threads are published through volatile fields.
 *
 * <p>Besides the step of each event (first absorption, latest onset, first and latest loss spike)
 * it keeps the wall-clock time at which it saw the event, in Unix seconds: Prometheus samples the
 * agent every few seconds, and an event's time survives that sampling where a counter's increase
 * does not (a fast run can start and spike between two scrapes). The clock is read only when an
 * event happens.
 */
public final class NfiMonitor {

  private final WeightOrientation orientation;
  private final ClassifierGeometry geometry = new ClassifierGeometry();
  private final GrowthTracker growth;
  private final OnsetDetector onset;
  private final boolean countPartial;
  private final LossSpikes spikes = new LossSpikes();

  private boolean onsetStarted;
  private boolean spikeStarted;

  private volatile double classifierNorm = Double.NaN;
  private volatile double classifierMeanNorm = Double.NaN;
  private volatile double featureMeanNorm = Double.NaN;
  private volatile double driftNorm = Double.NaN;
  private volatile double meanCosine = Double.NaN;
  private volatile double resolutionRatio = Double.NaN;
  private volatile double classifierMeanRate = Double.NaN;
  private volatile double classifierMeanR2 = Double.NaN;
  private volatile double featureMeanRate = Double.NaN;
  private volatile double featureMeanR2 = Double.NaN;
  private volatile double logitMeanRate = Double.NaN;
  private volatile double logitMeanR2 = Double.NaN;
  private volatile boolean onsetActive;
  private volatile int onsets;
  private volatile long onsetStep = -1;
  private volatile int spikeCount;
  private volatile long lastSpikeStep = -1;
  private volatile long repairedSamples;
  private volatile long firstAbsorptionStep = -1;
  private volatile long firstOnsetStep = -1;
  private volatile long firstSpikeStep = -1;
  private volatile boolean miniBatchRule;
  private volatile double firstAbsorptionTime;
  private volatile double lastOnsetTime;
  private volatile double lastSpikeTime;

  private final LongSupplier wallMillis;

  /**
   * @param settings the onset detector's thresholds
   * @param orientation how the classifier weights are laid out
   */
  public NfiMonitor(OnsetSettings settings, WeightOrientation orientation) {
    this(settings, orientation, System::currentTimeMillis);
  }

  /**
   * @param settings the onset detector's thresholds
   * @param orientation how the classifier weights are laid out
   * @param wallMillis the wall clock events are timed by, in Unix milliseconds
   */
  public NfiMonitor(OnsetSettings settings, WeightOrientation orientation, LongSupplier wallMillis) {
    this.wallMillis = wallMillis;
    this.orientation = orientation;
    this.growth = new GrowthTracker(settings.growthWindow());
    this.onset = new OnsetDetector(settings, growth);
    this.countPartial = settings.countPartial();
  }

  /**
   * Feeds one analysed batch.
   *
   * @param step the training step
   * @param batch samples in the batch
   * @param classes logits per sample
   * @param absorbed absorbed samples
   * @param partial partially absorbed samples
   * @param residuals per-sample signed zero-sum residuals, at least {@code batch} long
   * @param meanLogit the mean of all logits of the batch
   * @param maxAbsLogit the largest |logit| of the batch
   * @param medianGap the median gap (correct logit minus best other) of the batch
   * @param unitRoundoff the unit roundoff of the format the logits are computed in
   * @param allCorrect whether every sample of the batch is classified correctly
   * @param loss the batch's mean loss, evaluated in double
   * @param labels the batch's correct classes (at least {@code batch} long), or null when unknown:
   *     they tell full-batch from mini-batch training, which the loss-spike rule's two forms need
   * @param weights the classifier weights ({@code float[]}/{@code double[]}) or null
   * @param features the classifier's input for this batch ({@code float[]}/{@code double[]}) or null
   */
  public void observe(
      long step,
      int batch,
      int classes,
      int absorbed,
      int partial,
      double[] residuals,
      double meanLogit,
      double maxAbsLogit,
      double medianGap,
      double unitRoundoff,
      boolean allCorrect,
      double loss,
      int[] labels,
      Object weights,
      Object features) {
    geometry.measure(weights, classes, orientation, features, batch, residuals);
    growth.add(step, geometry.classifierMeanNorm(), geometry.featureMeanNorm(), meanLogit);
    if (absorbed > 0 && firstAbsorptionStep < 0) {
      firstAbsorptionStep = step;
      firstAbsorptionTime = now();
    }
    int counted = countPartial ? absorbed + partial : absorbed;
    double share = batch > 0 ? (double) counted / batch : 0;
    onsetStarted = onset.observe(step, share, batchResidual(residuals, batch));
    spikeStarted = spikes.observe(step, loss, allCorrect, labels, batch);
    if (onsetStarted) {
      lastOnsetTime = now();
    }
    if (spikeStarted) {
      lastSpikeTime = now();
    }
    publish(LogitResolution.ratio(unitRoundoff, maxAbsLogit, medianGap));
  }

  private double now() {
    return wallMillis.getAsLong() / 1000.0;
  }

  private static double batchResidual(double[] residuals, int batch) {
    if (residuals == null) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0, n = Math.min(batch, residuals.length); i < n; i++) {
      sum += residuals[i];
    }
    return sum;
  }

  private void publish(double logitResolutionRatio) {
    classifierNorm = geometry.classifierNorm();
    classifierMeanNorm = geometry.classifierMeanNorm();
    featureMeanNorm = geometry.featureMeanNorm();
    driftNorm = geometry.driftNorm();
    meanCosine = geometry.meanCosine();
    resolutionRatio = logitResolutionRatio;
    classifierMeanRate = growth.rate(GrowthSignal.CLASSIFIER_MEAN);
    classifierMeanR2 = growth.r2(GrowthSignal.CLASSIFIER_MEAN);
    featureMeanRate = growth.rate(GrowthSignal.FEATURE_MEAN);
    featureMeanR2 = growth.r2(GrowthSignal.FEATURE_MEAN);
    logitMeanRate = growth.rate(GrowthSignal.LOGIT_MEAN);
    logitMeanR2 = growth.r2(GrowthSignal.LOGIT_MEAN);
    onsetActive = onset.active();
    onsets = onset.onsets();
    onsetStep = onset.onsetStep();
    if (firstOnsetStep < 0) {
      firstOnsetStep = onsetStep;
    }
    spikeCount = spikes.rule().spikes();
    lastSpikeStep = spikes.rule().lastSpikeStep();
    firstSpikeStep = spikes.rule().firstSpikeStep();
    miniBatchRule = spikes.rule().form() == LossSpikeRule.Form.MINI_BATCH;
  }

  /**
   * Counts samples that repair mode rewrote (see {@link ZeroSumRepair}); the repair itself runs
   * after {@link #observe}, so that absorption is measured on the unrepaired gradient.
   */
  public void countRepaired(int samples) {
    repairedSamples += samples;
  }

  /** Whether the latest {@link #observe} started an onset episode. */
  public boolean onsetStarted() {
    return onsetStarted;
  }

  /** Whether the latest {@link #observe} started a loss spike. */
  public boolean spikeStarted() {
    return spikeStarted;
  }

  /** The onset detector, for the evidence of the latest onset. */
  public OnsetDetector onset() {
    return onset;
  }

  /** ‖W‖. */
  public double classifierNorm() {
    return classifierNorm;
  }

  /** ‖w̄‖. */
  public double classifierMeanNorm() {
    return classifierMeanNorm;
  }

  /** ‖h̄‖. */
  public double featureMeanNorm() {
    return featureMeanNorm;
  }

  /** ‖(1/K) Σ_i r_i h_i‖. */
  public double driftNorm() {
    return driftNorm;
  }

  /** cos(w̄, h̄). */
  public double meanCosine() {
    return meanCosine;
  }

  /** ulp(max |z|) / median gap, in the training format. */
  public double resolutionRatio() {
    return resolutionRatio;
  }

  /** The signal's growth rate per step (NaN until its window is full). */
  public double growthRate(GrowthSignal signal) {
    switch (signal) {
      case CLASSIFIER_MEAN:
        return classifierMeanRate;
      case FEATURE_MEAN:
        return featureMeanRate;
      default:
        return logitMeanRate;
    }
  }

  /** The R² of the signal's growth fit (NaN until its window is full). */
  public double growthR2(GrowthSignal signal) {
    switch (signal) {
      case CLASSIFIER_MEAN:
        return classifierMeanR2;
      case FEATURE_MEAN:
        return featureMeanR2;
      default:
        return logitMeanR2;
    }
  }

  /** Whether an onset episode is in progress. */
  public boolean onsetActive() {
    return onsetActive;
  }

  /** Onset episodes so far. */
  public int onsets() {
    return onsets;
  }

  /** Step of the first onset, or -1. */
  public long firstOnsetStep() {
    return firstOnsetStep;
  }

  /** Whether spikes are counted by the mini-batch form of the loss-spike rule (see {@link LossSpikes}). */
  public boolean miniBatchRule() {
    return miniBatchRule;
  }

  /** Step at which the first loss spike started, or -1. */
  public long firstSpikeStep() {
    return firstSpikeStep;
  }

  /** Step of the latest onset, or -1. */
  public long onsetStep() {
    return onsetStep;
  }

  /** Loss spikes so far. */
  public int spikes() {
    return spikeCount;
  }

  /** Step at which the latest loss spike started, or -1. */
  public long lastSpikeStep() {
    return lastSpikeStep;
  }

  /** The first step with an absorbed sample, or -1 before any. */
  public long firstAbsorptionStep() {
    return firstAbsorptionStep;
  }

  /** Unix time in seconds at which the first absorbed sample was seen, 0 before any. */
  public double firstAbsorptionTime() {
    return firstAbsorptionTime;
  }

  /** Unix time in seconds at which the latest onset episode started, 0 before any. */
  public double lastOnsetTime() {
    return lastOnsetTime;
  }

  /** Unix time in seconds at which the latest loss spike started, 0 before any. */
  public double lastSpikeTime() {
    return lastSpikeTime;
  }

  /** Samples whose correct-class gradient was rewritten by repair mode so far. */
  public long repairedSamples() {
    return repairedSamples;
  }
}
