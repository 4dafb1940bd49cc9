package dev.nfiwatch.agent.probes.dl4j;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.probes.ProbeModels;
import dev.nfiwatch.agent.probes.library.WholeStep;

/**
 * Reads one Deeplearning4j mini-batch step. DL4J calls {@code LossMCXENT.computeGradient} once per
 * mini-batch from the output layer's {@code backpropGradient}; the gradient it returns is {@code
 * softmax − labels} per example, not divided by the batch. The arrays live off-heap in workspaces
 * that are reused after the call, so every value is copied during the call, in bulk ({@link
 * Nd4jMatrix}), straight into the step's arrays, and no array or layer is referenced afterwards.
 * The output layer's {@code W} (features × classes) becomes the classes × features weights, its
 * input the features.
 *
 * <p>One instance per training thread (the dispatcher keeps them), so it needs no lock.
 */
public final class Dl4jStep {

  private final ProbeModels models;
  private final WholeStep step = new WholeStep();
  private final Nd4jMatrix matrix = new Nd4jMatrix();
  private Nd4jHandles handles;
  private Object layer;

  /** @param models the {@code dl4j} probe's models */
  public Dl4jStep(ProbeModels models) {
    this.models = models;
  }

  /** The output layer's backpropagation starts: its weights and input belong to the next gradient. */
  public void onLayerEnter(Object outputLayer) {
    layer = outputLayer;
  }

  /** The output layer's backpropagation ended (or failed): forget the layer. */
  public void onLayerExit() {
    layer = null;
  }

  /**
   * {@code LossMCXENT.computeGradient} returned {@code gradient} for {@code logits} and one-hot
   * {@code labels}; analysed when the activation is the softmax (otherwise it is not softmax
   * cross-entropy).
   */
  public void onGradient(Object activation, Object labels, Object logits, Object gradient)
      throws Throwable {
    if (activation == null || labels == null || logits == null || gradient == null) {
      return;
    }
    handles = Nd4jHandles.of(handles, activation.getClass().getClassLoader());
    if (activation.getClass() != handles.softmax || (int) handles.rank.invokeExact(logits) != 2) {
      return;
    }
    Dtype dtype = dtype(handles.dataType.invokeExact(logits));
    int rows = (int) handles.rows.invokeExact(logits);
    int classes = (int) handles.columns.invokeExact(logits);
    if (!shaped(gradient, rows, classes) || !shaped(labels, rows, classes)) {
      return;
    }
    if (rows > models.maxSamples()) {
      models.forOwner(layer).onOversizedCall(); // not copied: the step arrays stay bounded
      return;
    }
    step.begin(rows, classes, dtype);
    matrix.copy(handles, logits, step.logits(), false);
    matrix.copy(handles, gradient, step.gradient(), false);
    matrix.labels(handles, labels, step.labels());
    if (layer != null) {
      readLayer(rows, classes);
    }
    step.submit(models.forOwner(layer), dtype);
  }

  /** The output layer's {@code W} ({@code nIn × nOut}, read transposed) and its input. */
  private void readLayer(int rows, int classes) throws Throwable {
    Object weights = handles.param.invokeExact(layer, "W");
    if (weights == null || (int) handles.rank.invokeExact(weights) != 2
        || (int) handles.columns.invokeExact(weights) != classes) {
      return;
    }
    int features = (int) handles.rows.invokeExact(weights);
    matrix.copy(handles, weights, step.weights(features), true);
    Object input = handles.input.invokeExact(layer);
    if (input != null && shaped(input, rows, features)) {
      matrix.copy(handles, input, step.features(features), false);
    }
  }

  private boolean shaped(Object array, int rows, int columns) throws Throwable {
    return (int) handles.rank.invokeExact(array) == 2
        && (int) handles.rows.invokeExact(array) == rows
        && (int) handles.columns.invokeExact(array) == columns;
  }

  /** ND4J's data type as the analysis's number format (an enum constant's name, not allocated). */
  private static Dtype dtype(Object dataType) {
    String name = ((Enum<?>) dataType).name();
    switch (name) {
      case "DOUBLE":
        return Dtype.FP64;
      case "HALF":
      case "FLOAT16":
        return Dtype.FP16;
      case "BFLOAT16":
        return Dtype.BF16;
      default:
        return Dtype.FP32;
    }
  }
}
