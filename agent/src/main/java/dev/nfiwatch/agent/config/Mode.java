package dev.nfiwatch.agent.config;

import java.util.Locale;

/** What the agent does with an observed call. Adding a mode is one constant here. */
public enum Mode {
  /** Read the arrays, never change them: training is bit-for-bit what it is without the agent. */
  OBSERVE,
  /**
   * Opt-in: after the analysis, rewrite the correct-class gradient entry of every sample whose
   * zero-sum residual is above rounding level as {@code −Σ_{j≠c} g_j} (zero-sum repair), before the
   * trainer uses the gradient. Changes the training on purpose.
   */
  REPAIR;

  /** The configuration value and metric label, e.g. {@code observe}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
