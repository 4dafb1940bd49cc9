package dev.nfiwatch.agent.nfi;

import java.util.EnumSet;
import java.util.Set;

/**
 * The thresholds of the NFI onset detector; immutable.
 *
 * <pre>{@code
 * OnsetSettings settings = OnsetSettings.builder().sustainSteps(100).minRate(5e-4).build();
 * }</pre>
 *
 * <p>The defaults were chosen from measurements on the demo trainer; the README explains each.
 */
public final class OnsetSettings {

  private final int growthWindow;
  private final double absorbedShare;
  private final boolean countPartial;
  private final long sustainSteps;
  private final double releaseShare;
  private final long releaseSteps;
  private final double minRate;
  private final double minR2;
  private final Set<GrowthSignal> signals;

  private OnsetSettings(Builder b) {
    growthWindow = b.growthWindow;
    absorbedShare = b.absorbedShare;
    countPartial = b.countPartial;
    sustainSteps = b.sustainSteps;
    releaseShare = b.releaseShare;
    releaseSteps = b.releaseSteps;
    minRate = b.minRate;
    minR2 = b.minR2;
    signals = EnumSet.copyOf(b.signals);
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default settings. */
  public static OnsetSettings defaults() {
    return builder().build();
  }

  /** Observations each growth-rate fit spans. */
  public int growthWindow() {
    return growthWindow;
  }

  /** Share of absorbed samples (see {@link #countPartial()}) at or above which absorption counts. */
  public double absorbedShare() {
    return absorbedShare;
  }

  /**
   * Whether partially absorbed samples count towards the share, besides absorbed ones. Off by
   * default: {@code 1 + s} drops bits of {@code s} in float64 too (62 % of the samples of the demo's
   * fp64 slingshot run are partial), where nothing drives NFI.
   */
  public boolean countPartial() {
    return countPartial;
  }

  /** Steps the absorbed share must stay at or above {@link #absorbedShare()} to be sustained. */
  public long sustainSteps() {
    return sustainSteps;
  }

  /** Share below which absorption counts as gone (hysteresis: at most {@link #absorbedShare()}). */
  public double releaseShare() {
    return releaseShare;
  }

  /** Steps the share must stay below {@link #releaseShare()} to end an onset episode. */
  public long releaseSteps() {
    return releaseSteps;
  }

  /** Smallest growth rate of ln(signal) per step that counts as exponential growth. */
  public double minRate() {
    return minRate;
  }

  /** Smallest R² of the log-linear fit that counts as exponential growth. */
  public double minR2() {
    return minR2;
  }

  /** The signals whose growth is consulted; growth of any one of them counts. */
  public Set<GrowthSignal> signals() {
    return EnumSet.copyOf(signals);
  }

  boolean consults(GrowthSignal signal) {
    return signals.contains(signal);
  }

  /** Builds {@link OnsetSettings}; every setter validates its argument. */
  public static final class Builder {
    private int growthWindow = 100;
    private double absorbedShare = 0.02;
    private boolean countPartial;
    private long sustainSteps = 50;
    private double releaseShare = 0.005;
    private long releaseSteps = 200;
    private double minRate = 1e-3;
    private double minR2 = 0.9;
    private Set<GrowthSignal> signals =
        EnumSet.of(GrowthSignal.FEATURE_MEAN, GrowthSignal.LOGIT_MEAN);

    private Builder() {}

    /** Observations each growth-rate fit spans; default 100. */
    public Builder growthWindow(int observations) {
      if (observations < 3) {
        throw new IllegalArgumentException("growth window must be at least 3, got " + observations);
      }
      growthWindow = observations;
      return this;
    }

    /** Absorbed share that counts as absorption; default 0.02. */
    public Builder absorbedShare(double share) {
      absorbedShare = share(share, "absorbed share");
      return this;
    }

    /** Whether partially absorbed samples count towards the share; default false. */
    public Builder countPartial(boolean count) {
      countPartial = count;
      return this;
    }

    /** Steps absorption must last to be sustained; default 50. */
    public Builder sustainSteps(long steps) {
      sustainSteps = steps(steps, "sustain steps");
      return this;
    }

    /** Share below which absorption counts as gone; default 0.005. */
    public Builder releaseShare(double share) {
      releaseShare = share(share, "release share");
      return this;
    }

    /** Steps below the release share that end an episode; default 200. */
    public Builder releaseSteps(long steps) {
      releaseSteps = steps(steps, "release steps");
      return this;
    }

    /** Smallest growth rate per step; default 1e-3. */
    public Builder minRate(double rate) {
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("minimum growth rate must be positive, got " + rate);
      }
      minRate = rate;
      return this;
    }

    /** Smallest R² of the fit; default 0.9. */
    public Builder minR2(double r2) {
      if (!(r2 >= 0 && r2 <= 1)) {
        throw new IllegalArgumentException("minimum R² must be in [0, 1], got " + r2);
      }
      minR2 = r2;
      return this;
    }

    /** The signals whose growth is consulted; default feature_mean and logit_mean. */
    public Builder signals(Set<GrowthSignal> consulted) {
      if (consulted.isEmpty()) {
        throw new IllegalArgumentException("at least one growth signal must be consulted");
      }
      signals = EnumSet.copyOf(consulted);
      return this;
    }

    /**
     * @throws IllegalArgumentException when the release share exceeds the absorbed share
     */
    public OnsetSettings build() {
      if (releaseShare > absorbedShare) {
        throw new IllegalArgumentException(
            "release share " + releaseShare + " must not exceed absorbed share " + absorbedShare);
      }
      return new OnsetSettings(this);
    }

    private static double share(double share, String what) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException(what + " must be in [0, 1], got " + share);
      }
      return share;
    }

    private static long steps(long steps, String what) {
      if (steps < 0) {
        throw new IllegalArgumentException(what + " must not be negative, got " + steps);
      }
      return steps;
    }
  }
}
