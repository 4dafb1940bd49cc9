package dev.nfiwatch.agent.web;

/**
 * The one-word state the live page shows in a probe's header.
 *
 * <p>Rules, checked in order: {@link #NFI_ONSET} while the NFI onset detector's episode is active
 * (sustained absorption with exponential growth, until absorption has stayed low for a while);
 * {@link #ABSORBING} when the latest step has absorbed or partially absorbed samples; {@link
 * #HEALTHY} otherwise (including before the first step).
 */
public enum Verdict {
  HEALTHY("healthy"),
  ABSORBING("absorbing"),
  NFI_ONSET("NFI onset");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /** The text shown on the page and written to the JSON. */
  public String label() {
    return label;
  }

  /**
   * @param absorbedShare the latest step's absorbed share (NaN when unknown)
   * @param partialShare the latest step's partially absorbed share (NaN when unknown)
   * @param onsetActive whether an NFI onset episode is in progress for this probe
   */
  static Verdict of(double absorbedShare, double partialShare, boolean onsetActive) {
    if (onsetActive) {
      return NFI_ONSET;
    }
    return absorbedShare > 0 || partialShare > 0 ? ABSORBING : HEALTHY;
  }
}
