package dev.nfiwatch.agent.probes.library;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import dev.nfiwatch.agent.probes.StepArrays;

/**
 * One training step of a library that hands over a whole mini-batch at once (Deeplearning4j): the
 * reader copies the library's arrays straight into the step's exact-size arrays of the library's
 * number format ({@link #begin}, then {@link #logits}, {@link #gradient}, {@link #labels}, and
 * optionally {@link #weights} and {@link #features}), and {@link #submit} hands them to the probe,
 * which analyses them where they are (see {@link StepArrays}). Unlike {@link StepBatch} nothing is
 * assembled row by row. Nothing is allocated in steady state. Not thread-safe: one per training
 * thread.
 */
public final class WholeStep {

  private StepArrays arrays = new StepArrays();
  private StepArrays.Shape shape;
  private Object weights;
  private Object features;

  /** Starts a step of {@code examples × classes}; {@code dtype} {@link Dtype#FP64} gives double[]. */
  public void begin(int examples, int classes, Dtype dtype) {
    shape = arrays.shape(examples, classes, dtype != Dtype.FP64);
    weights = null;
    features = null;
  }

  /** The step's logits, {@code examples × classes} row-major, to fill. */
  public Object logits() {
    return shape.logits;
  }

  /** The step's loss gradient, {@code examples × classes} row-major, to fill. */
  public Object gradient() {
    return shape.gradient;
  }

  /** The step's labels, one class index per example, to fill. */
  public int[] labels() {
    return shape.labels;
  }

  /** The step's classifier weights, {@code classes × featureCount} row-major, to fill. */
  public Object weights(int featureCount) {
    weights = shape.weights(shape.classes * featureCount);
    return weights;
  }

  /** The step's classifier input, {@code examples × featureCount} row-major, to fill. */
  public Object features(int featureCount) {
    features = shape.features(featureCount);
    return features;
  }

  /** Hands the step to {@code runtime}: weights and features only if they were asked for. */
  public void submit(ProbeRuntime runtime, Dtype dtype) {
    arrays.select(shape, weights, features, dtype);
    shape = null;
    arrays = runtime.onStep(arrays);
  }
}
