package dev.nfiwatch.agent.probes.library;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.probes.ProbeRuntime;

/**
 * One training step of a library that hands over a whole mini-batch at once (Deeplearning4j): the
 * reader copies the library's arrays straight into the step's exact-size arrays of the library's
 * number format ({@link #begin}, then {@link #logits}, {@link #gradient}, {@link #labels}, and
 * optionally {@link #weights} and {@link #features}), and {@link #submit} hands them to the probe.
 * Unlike {@link StepBatch} nothing is staged row by row. The arrays are kept for the last few batch
 * sizes seen, so nothing is allocated in steady state. Not thread-safe: one per training thread.
 */
public final class WholeStep {

  private final ExactArrays exact = new ExactArrays();
  private ExactArrays.Set set;
  private Object weights;
  private Object features;

  /** Starts a step of {@code examples × classes}; {@code dtype} {@link Dtype#FP64} gives double[]. */
  public void begin(int examples, int classes, Dtype dtype) {
    set = exact.forSize(examples, classes, dtype != Dtype.FP64);
    weights = null;
    features = null;
  }

  /** The step's logits, {@code examples × classes} row-major, to fill. */
  public Object logits() {
    return set.logits;
  }

  /** The step's loss gradient, {@code examples × classes} row-major, to fill. */
  public Object gradient() {
    return set.gradient;
  }

  /** The step's labels, one class index per example, to fill. */
  public int[] labels() {
    return set.labels;
  }

  /** The step's classifier weights, {@code classes × featureCount} row-major, to fill. */
  public Object weights(int featureCount) {
    weights = set.weights(set.classes * featureCount);
    return weights;
  }

  /** The step's classifier input, {@code examples × featureCount} row-major, to fill. */
  public Object features(int featureCount) {
    features = set.features(featureCount);
    return features;
  }

  /** Hands the step to {@code runtime}: weights and features only if they were asked for. */
  public void submit(ProbeRuntime runtime, Dtype dtype) {
    ExactArrays.Set step = set;
    set = null;
    runtime.onCall(step.logits, step.labels, step.gradient, weights, features, dtype.label());
  }
}
