package dev.nfiwatch.agent.nfi;

/**
 * The exponential growth rate of a positive signal: a least-squares line through {@code ln(value)}
 * against step over the last {@code window} observations, with its R².
 *
 * <pre>{@code
 * GrowthRateEstimator feature = new GrowthRateEstimator(200);
 * feature.add(step, featureMeanNorm);
 * if (feature.isFull() && feature.rate() > 1e-3 && feature.r2() > 0.9) { ... }
 * }</pre>
 *
 * <p>NFI shows as a straight line on a log plot against step; its slope is the rate per step and R²
 * says how clean the exponential is. The fit keeps running sums over a ring buffer, so one update
 * costs constant time and allocates nothing. Steps and logarithms are measured from an anchor (a
 * recent observation), and all sums are recomputed from the buffer with a fresh anchor once per
 * {@code window} updates: large step numbers and long runs cannot cancel the sums' precision, at
 * amortised constant time. Values that are not positive and finite have no logarithm and are skipped.
 *
 * <p>Not thread-safe: one instance per signal and probe.
 */
public final class GrowthRateEstimator {

  private final long[] steps;
  private final double[] logs;
  private int head;
  private int count;
  private int updatesSinceRecompute;

  private long anchor;
  private double logAnchor;
  private double sumX;
  private double sumY;
  private double sumXx;
  private double sumXy;
  private double sumYy;

  /** @param window how many observations the fit spans (at least 3) */
  public GrowthRateEstimator(int window) {
    if (window < 3) {
      throw new IllegalArgumentException("growth-rate window must be at least 3, got " + window);
    }
    steps = new long[window];
    logs = new double[window];
  }

  /** How many observations the fit spans once full. */
  public int window() {
    return steps.length;
  }

  /**
   * Adds one observation; the oldest one leaves the window once it is full.
   *
   * @param step the training step (increasing)
   * @param value the signal, which must be positive and finite to be used
   * @return whether the value was used
   */
  public boolean add(long step, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      return false;
    }
    double log = Math.log(value);
    if (count == 0) {
      anchor = step;
      logAnchor = log;
    }
    int slot;
    if (count == steps.length) {
      slot = head;
      double oldX = steps[slot] - anchor;
      double oldY = logs[slot] - logAnchor;
      sumX -= oldX;
      sumY -= oldY;
      sumXx -= oldX * oldX;
      sumXy -= oldX * oldY;
      sumYy -= oldY * oldY;
      head = (head + 1) % steps.length;
    } else {
      slot = (head + count) % steps.length;
      count++;
    }
    steps[slot] = step;
    logs[slot] = log;
    double x = step - anchor;
    double y = log - logAnchor;
    sumX += x;
    sumY += y;
    sumXx += x * x;
    sumXy += x * y;
    sumYy += y * y;
    if (++updatesSinceRecompute >= steps.length) {
      recompute(step, log);
    }
    return true;
  }

  /** Forgets every observation (for example when the signal's meaning changes). */
  public void reset() {
    head = 0;
    count = 0;
    updatesSinceRecompute = 0;
    sumX = sumY = sumXx = sumXy = sumYy = 0;
  }

  private void recompute(long newAnchor, double newLogAnchor) {
    anchor = newAnchor;
    logAnchor = newLogAnchor;
    sumX = sumY = sumXx = sumXy = sumYy = 0;
    for (int n = 0; n < count; n++) {
      int slot = (head + n) % steps.length;
      double x = steps[slot] - anchor;
      double y = logs[slot] - logAnchor;
      sumX += x;
      sumY += y;
      sumXx += x * x;
      sumXy += x * y;
      sumYy += y * y;
    }
    updatesSinceRecompute = 0;
  }

  /** How many observations the fit currently spans. */
  public int count() {
    return count;
  }

  /** Whether the window is full, so that {@link #rate()} and {@link #r2()} span all of it. */
  public boolean isFull() {
    return count == steps.length;
  }

  /** The step of the newest observation, or -1 when there is none. */
  public long lastStep() {
    return count == 0 ? -1 : steps[(head + count - 1) % steps.length];
  }

  /** The fitted growth rate of {@code ln(value)} per step, or NaN with fewer than 3 observations. */
  public double rate() {
    double sxx = centredXx();
    if (count < 3 || !(sxx > 0)) {
      return Double.NaN;
    }
    return centredXy() / sxx;
  }

  /**
   * The coefficient of determination of the fit, in [0, 1]: 0 for a flat series (there is no
   * growth to explain) and NaN with fewer than 3 observations.
   */
  public double r2() {
    double sxx = centredXx();
    if (count < 3 || !(sxx > 0)) {
      return Double.NaN;
    }
    double syy = centredYy();
    if (!(syy > 0)) {
      return 0.0;
    }
    double sxy = centredXy();
    return Math.min(1.0, Math.max(0.0, sxy * sxy / (sxx * syy)));
  }

  private double centredXx() {
    return sumXx - sumX * sumX / count;
  }

  private double centredXy() {
    return sumXy - sumX * sumY / count;
  }

  private double centredYy() {
    return sumYy - sumY * sumY / count;
  }
}
