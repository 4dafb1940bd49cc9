package dev.nfiwatch.agent.web;

/**
 * The one-word state the live page shows in a probe's header.
 *
 * <p>Rules, checked in order: {@link #NFI_ONSET} when the NFI onset detector has fired and the
 * latest step still has absorbed or partially absorbed samples; {@link #ABSORBING} when the latest
 * step has absorbed or partially absorbed samples; {@link #HEALTHY} otherwise (including before
 * the first step).
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
   * @param onsetDetected whether the NFI onset detector has fired for this probe
   */
  static Verdict of(double absorbedShare, double partialShare, boolean onsetDetected) {
    boolean absorbing = absorbedShare > 0 || partialShare > 0;
    if (!absorbing) {
      return HEALTHY;
    }
    return onsetDetected ? NFI_ONSET : ABSORBING;
  }
}
