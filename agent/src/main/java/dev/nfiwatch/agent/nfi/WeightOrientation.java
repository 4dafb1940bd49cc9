package dev.nfiwatch.agent.nfi;

/**
 * How a classifier's weight array is laid out, so that its mean row can be read in one pass.
 *
 * <p>Frameworks disagree: a linear layer stores {@code out × in} (classes × features) while a plain
 * matrix product {@code h · W} stores {@code in × out} (features × classes). Both are row-major.
 */
public enum WeightOrientation {
  /** {@code W[k * features + f]}: one row per class. */
  CLASSES_BY_FEATURES,
  /** {@code W[f * classes + k]}: one row per feature. */
  FEATURES_BY_CLASSES;

  /**
   * Parses a configuration value: {@code classes_x_features} or {@code features_x_classes} (case and
   * the separator {@code x}, {@code ×} or {@code *} do not matter).
   *
   * @throws IllegalArgumentException naming the accepted values when {@code text} is neither
   */
  public static WeightOrientation parse(String text) {
    String key = text.trim().toLowerCase(java.util.Locale.ROOT).replace('×', 'x').replace('*', 'x')
        .replace(" ", "").replace("_", "");
    if (key.equals("classesxfeatures")) {
      return CLASSES_BY_FEATURES;
    }
    if (key.equals("featuresxclasses")) {
      return FEATURES_BY_CLASSES;
    }
    throw new IllegalArgumentException(
        "weight orientation must be classes_x_features or features_x_classes, got '" + text + "'");
  }
}
