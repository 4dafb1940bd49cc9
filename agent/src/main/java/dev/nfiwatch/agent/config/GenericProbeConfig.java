package dev.nfiwatch.agent.config;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.nfi.WeightOrientation;

/**
 * The user's description of a hand-written trainer's softmax cross-entropy backward: which method,
 * where its logits, labels and gradient are, and how to read them. All values are read on method
 * exit, so a gradient the method fills or returns is seen complete. Optionally, where the classifier
 * weights and its input features are, for the NFI norms.
 */
public final class GenericProbeConfig {

  private final String className;
  private final String methodName;
  private final String descriptor;
  private final ValueLocation logits;
  private final ValueLocation labels;
  private final ValueLocation gradient;
  private final AnalysisSpec spec;
  private final ValueLocation weights;
  private final ValueLocation features;
  private final WeightOrientation weightsLayout;

  GenericProbeConfig(
      String className,
      String methodName,
      String descriptor,
      ValueLocation logits,
      ValueLocation labels,
      ValueLocation gradient,
      AnalysisSpec spec,
      ValueLocation weights,
      ValueLocation features,
      WeightOrientation weightsLayout) {
    this.className = className;
    this.methodName = methodName;
    this.descriptor = descriptor;
    this.logits = logits;
    this.labels = labels;
    this.gradient = gradient;
    this.spec = spec;
    this.weights = weights;
    this.features = features;
    this.weightsLayout = weightsLayout;
  }

  /** The instrumented class, fully qualified. */
  public String className() {
    return className;
  }

  /** The instrumented method's name. */
  public String methodName() {
    return methodName;
  }

  /** The method's JVM descriptor, or "" to match every overload with enough arguments. */
  public String descriptor() {
    return descriptor;
  }

  public ValueLocation logits() {
    return logits;
  }

  public ValueLocation labels() {
    return labels;
  }

  public ValueLocation gradient() {
    return gradient;
  }

  /** How the arrays are read. */
  public AnalysisSpec spec() {
    return spec;
  }

  /** Where the classifier weights are, or null when they are not read. */
  public ValueLocation weights() {
    return weights;
  }

  /** Where the classifier's input features (batch × features) are, or null when not read. */
  public ValueLocation features() {
    return features;
  }

  /** How the classifier weights are laid out. */
  public WeightOrientation weightsLayout() {
    return weightsLayout;
  }

  /** The highest argument index used, or -1 when no value is an argument. */
  public int highestArgument() {
    int highest = -1;
    for (ValueLocation location : new ValueLocation[] {logits, labels, gradient, weights, features}) {
      if (location != null && location.isArgument()) {
        highest = Math.max(highest, location.argumentIndex());
      }
    }
    return highest;
  }
}
