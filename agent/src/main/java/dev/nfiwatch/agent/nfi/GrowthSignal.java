package dev.nfiwatch.agent.nfi;

import java.util.Locale;

/**
 * The signals whose exponential growth is NFI, under the label values the metrics use.
 *
 * <p>In the reference run (SCIENCE.md) ‖h̄‖ and |mean logit| grow as clean exponentials from the
 * first absorption to the first spike, while ‖w̄‖ is exponential only for about 500 steps and then
 * grows roughly linearly (Adam caps each weight's step).
 */
public enum GrowthSignal {
  /** ‖w̄‖, the norm of the mean classifier row. */
  CLASSIFIER_MEAN("classifier_mean"),
  /** ‖h̄‖, the norm of the batch-mean feature entering the classifier. */
  FEATURE_MEAN("feature_mean"),
  /** |mean logit|, readable from the logits alone. */
  LOGIT_MEAN("logit_mean");

  private final String label;

  GrowthSignal(String label) {
    this.label = label;
  }

  /** The value of the metrics' {@code signal} label, e.g. {@code feature_mean}. */
  public String label() {
    return label;
  }

  /**
   * Parses a label ({@code classifier_mean}, {@code feature_mean}, {@code logit_mean}).
   *
   * @throws IllegalArgumentException naming the accepted values for anything else
   */
  public static GrowthSignal parse(String text) {
    String key = text.trim().toLowerCase(Locale.ROOT);
    for (GrowthSignal signal : values()) {
      if (signal.label.equals(key)) {
        return signal;
      }
    }
    throw new IllegalArgumentException(
        "growth signal must be classifier_mean, feature_mean or logit_mean, got '" + text + "'");
  }
}
