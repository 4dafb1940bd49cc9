package dev.nfiwatch.agent.nfi;

/**
 * Decides when Numerical Feature Inflation has started: sustained absorption together with
 * exponential growth.
 *
 * <pre>{@code
 * OnsetDetector onset = new OnsetDetector(settings, growth);
 * growth.add(step, classifierMeanNorm, featureMeanNorm, meanLogit);
 * if (onset.observe(step, absorbedShare, residual)) {
 *   log.warning(onset.describeOnset());
 * }
 * }</pre>
 *
 * <p>Absorption alone is harmless while the optimizer ignores the tiny drift, and growth alone is
 * ordinary learning; NFI is both at once. Absorption is sustained once the share of absorbed
 * samples (plus partially absorbed ones when {@link OnsetSettings#countPartial()}) has stayed at
 * or above {@link OnsetSettings#absorbedShare()} for {@link OnsetSettings#sustainSteps()} steps; growth holds when any consulted signal's full-window
 * fit has a rate of at least {@link OnsetSettings#minRate()} and an R² of at least {@link
 * OnsetSettings#minR2()}. The first step where both hold starts an episode and counts one onset;
 * the episode (and {@link #active()}) lasts until the share has stayed below the lower {@link
 * OnsetSettings#releaseShare()} for {@link OnsetSettings#releaseSteps()} steps, so a share that
 * flickers around the threshold cannot count many onsets. The evidence of the latest onset is kept
 * for its log line. Constant time and no allocation per observation.
 *
 * <p>Not thread-safe: one instance per probe, fed by one thread.
 */
public final class OnsetDetector {

  private static final GrowthSignal[] SIGNALS = GrowthSignal.values();

  private final OnsetSettings settings;
  private final GrowthTracker growth;

  private long absorbedSince = -1;
  private long quietSince = -1;
  private boolean active;
  private int onsets;
  private long onsetStep = -1;

  private double evidenceShare = Double.NaN;
  private double evidenceResidual = Double.NaN;
  private double evidenceRate = Double.NaN;
  private double evidenceR2 = Double.NaN;
  private GrowthSignal evidenceSignal;

  /**
   * @param settings the thresholds
   * @param growth the growth fits of this probe, fed by the caller before each {@link #observe}
   */
  public OnsetDetector(OnsetSettings settings, GrowthTracker growth) {
    this.settings = settings;
    this.growth = growth;
  }

  /**
   * Feeds one observed batch.
   *
   * @param step the training step (increasing)
   * @param absorbedShare the share of absorbed samples of the batch (with partially absorbed ones
   *     when the settings count them)
   * @param residual the batch's zero-sum residual, kept as evidence
   * @return whether an onset episode starts at this step
   */
  public boolean observe(long step, double absorbedShare, double residual) {
    boolean absorbing = absorbedShare >= settings.absorbedShare();
    if (absorbing) {
      if (absorbedSince < 0) {
        absorbedSince = step;
      }
    } else {
      absorbedSince = -1;
    }
    if (active) {
      if (absorbedShare < settings.releaseShare()) {
        if (quietSince < 0) {
          quietSince = step;
        }
        if (step - quietSince >= settings.releaseSteps()) {
          active = false;
        }
      } else {
        quietSince = -1;
      }
      return false;
    }
    if (absorbedSince < 0 || step - absorbedSince < settings.sustainSteps()) {
      return false;
    }
    GrowthSignal growing = strongestGrowth();
    if (growing == null) {
      return false;
    }
    active = true;
    quietSince = -1;
    onsets++;
    onsetStep = step;
    evidenceShare = absorbedShare;
    evidenceResidual = residual;
    evidenceRate = growth.rate(growing);
    evidenceR2 = growth.r2(growing);
    evidenceSignal = growing;
    return true;
  }

  private GrowthSignal strongestGrowth() {
    GrowthSignal best = null;
    double bestR2 = -1;
    for (GrowthSignal signal : SIGNALS) {
      if (!settings.consults(signal)) {
        continue;
      }
      double rate = growth.rate(signal);
      double r2 = growth.r2(signal);
      if (rate >= settings.minRate() && r2 >= settings.minR2() && r2 > bestR2) {
        best = signal;
        bestR2 = r2;
      }
    }
    return best;
  }

  /** Whether an onset episode is in progress. */
  public boolean active() {
    return active;
  }

  /** How many onset episodes have started. */
  public int onsets() {
    return onsets;
  }

  /** The step at which the latest episode started, or -1 when none has. */
  public long onsetStep() {
    return onsetStep;
  }

  /** The absorbed share at the latest onset. */
  public double evidenceShare() {
    return evidenceShare;
  }

  /** The batch residual at the latest onset. */
  public double evidenceResidual() {
    return evidenceResidual;
  }

  /** The growth rate per step of the signal that showed growth at the latest onset. */
  public double evidenceRate() {
    return evidenceRate;
  }

  /** The R² of that signal's fit at the latest onset. */
  public double evidenceR2() {
    return evidenceR2;
  }

  /** The signal that showed growth at the latest onset, or null before any onset. */
  public GrowthSignal evidenceSignal() {
    return evidenceSignal;
  }

  /** One line describing the latest onset and its evidence (allocates; call once per episode). */
  public String describeOnset() {
    if (onsets == 0) {
      return "no NFI onset";
    }
    return String.format(
        java.util.Locale.ROOT,
        "NFI onset #%d at step %d: absorbed share %.4f (sustained >= %.4f for %d steps),"
            + " batch residual %.4g, %s growing at %.3g per step (R² %.3f, window %d)",
        onsets,
        onsetStep,
        evidenceShare,
        settings.absorbedShare(),
        settings.sustainSteps(),
        evidenceResidual,
        evidenceSignal.label(),
        evidenceRate,
        evidenceR2,
        settings.growthWindow());
  }
}
