package dev.nfiwatch.agent.probes.tribuo;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.probes.ProbeModels;
import dev.nfiwatch.agent.probes.library.StepBatch;

/**
 * Turns Tribuo's per-example calls into the probe's steps. Tribuo's SGD trainers compute the loss
 * gradient one example at a time ({@code LogMulticlass.lossAndGradient}, which overwrites the
 * logits with {@code onehot − p} in place), collect each example's parameter gradient ({@code
 * LinearParameters.gradients}) and update once per mini-batch ({@code LinearParameters.update}):
 * that update is the step's boundary. Everything is read in double; the weights are {@code classes
 * × (features + 1)}, the bias last, and each feature row ends with the bias input 1.
 *
 * <p>One instance per training thread (the dispatcher keeps them), so it needs no lock.
 */
public final class TribuoStep {

  private final ProbeModels models;
  private final StepBatch batch;
  private TribuoHandles handles;
  private int pendingLabel = -1;
  /** The logits vector whose gradient comes next, and its array (held for one call only). */
  private Object pendingVector;
  private double[] pendingElements;

  /** @param models the {@code tribuo} probe's models */
  public TribuoStep(ProbeModels models) {
    this.models = models;
    this.batch = new StepBatch(models.maxSamples());
  }

  /** {@code lossAndGradient} entry: remembers the example's label and logits. */
  public void onLogits(Object truth, Object prediction) throws Throwable {
    pendingLabel = -1;
    pendingVector = null;
    pendingElements = null;
    if (!(truth instanceof Integer) || prediction == null || !dense(prediction)) {
      return;
    }
    double[] elements = (double[]) handles.vectorElements.invokeExact(prediction);
    batch.logits(elements, 0, elements.length);
    pendingLabel = (Integer) truth;
    pendingVector = prediction;
    pendingElements = elements;
  }

  /**
   * {@code lossAndGradient} exit: the same vector now holds the gradient, in the array read on
   * entry ({@code DenseVector.elements} is final); adds the example.
   */
  public void onGradient(Object prediction) throws Throwable {
    Object vector = pendingVector;
    double[] elements = pendingElements;
    pendingVector = null;
    pendingElements = null;
    if (pendingLabel < 0 || prediction != vector) {
      pendingLabel = -1;
      return;
    }
    batch.gradient(elements, 0, elements.length);
    batch.addExample(pendingLabel);
    pendingLabel = -1;
  }

  /** {@code LinearParameters.gradients} entry: the example's features (dense ones only). */
  public void onFeatures(Object features) throws Throwable {
    if (features == null || !dense(features)) {
      batch.featuresUnavailable();
      return;
    }
    double[] elements = (double[]) handles.vectorElements.invokeExact(features);
    batch.features(elements, 0, elements.length);
  }

  /** {@code LinearParameters.update} entry: the weights that produced the logits; ends the step. */
  public void onUpdate(Object parameters) throws Throwable {
    if (batch.examples() == 0) {
      batch.clear();
      return;
    }
    handles = TribuoHandles.of(handles, parameters.getClass().getClassLoader());
    Object matrix = handles.weightMatrix.invokeExact(parameters);
    double[][] rows = (double[][]) handles.matrixRows.invokeExact(matrix);
    int width = rows.length == 0 ? 0 : rows[0].length;
    batch.weights(rows.length, width);
    for (int k = 0; k < rows.length; k++) {
      batch.weightRow(k, rows[k], 0);
    }
    batch.submit(models.forOwner(parameters), Dtype.FP64);
  }

  private boolean dense(Object vector) throws ReflectiveOperationException {
    Class<?> type = vector.getClass();
    if (handles == null || handles.loader != type.getClassLoader()) {
      handles = TribuoHandles.of(handles, type.getClassLoader());
    }
    return type == handles.denseVector;
  }
}
