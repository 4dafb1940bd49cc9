package dev.nfiwatch.agent.probes.smile;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.probes.ProbeModels;
import dev.nfiwatch.agent.probes.library.StepBatch;
import java.lang.ref.WeakReference;

/**
 * Turns Smile's per-example calls into the probe's steps. Smile's multilayer perceptron applies the
 * softmax in place ({@code OutputLayer.transform}, read on entry for the logits), writes {@code
 * target − softmax} per example ({@code OutputLayer.computeOutputGradient}) and updates the weights
 * once per mini-batch ({@code MultilayerPerceptron.update(int)}: the step's boundary) or, when
 * learning online, inside each example's {@code backpropagate(true)}. The output layer's weight is
 * classes × features (read from its column-major array in one pass when it is Smile's dense float
 * or double matrix); the features are the last hidden layer's output.
 *
 * <p>One instance per training thread (the dispatcher keeps them), so it needs no lock. Per example
 * it copies three rows (logits, gradient, features) straight from the arrays behind Smile's
 * vectors into the step and reads the one-hot target in place; what stays the same for a layer or
 * a vector (its cost function, its per-thread output and gradient vectors, their arrays, sizes and
 * scalar type) is looked up once.
 */
public final class SmileStep {

  private final ProbeModels models;
  private final StepBatch batch;
  private final LayerVector hiddenOutput = new LayerVector();
  private final LayerVector outputGradient = new LayerVector();
  private final VectorData logits = new VectorData();
  private final VectorData gradient = new VectorData();
  private final VectorData target = new VectorData();
  private final VectorData features = new VectorData();
  private SmileHandles handles;
  /** The output layer last seen to be trained for likelihood (weak: keeps no model alive). */
  private WeakReference<Object> likelihoodLayer = new WeakReference<>(null);
  private boolean logitsPending;
  private Object scalarType;
  private Dtype dtype = Dtype.FP32;

  /** @param models the {@code smile} probe's models */
  public SmileStep(ProbeModels models) {
    this.models = models;
    this.batch = new StepBatch(models.maxSamples());
  }

  /**
   * {@code OutputLayer.transform} entry (training and prediction): the logits of the next example,
   * when the layer is a softmax trained for likelihood (Smile's cross-entropy) with two or more
   * classes.
   */
  public void onLogits(Object layer, Object logits) throws Throwable {
    if (layer != likelihoodLayer.get()) {
      handles = SmileHandles.of(handles, layer.getClass().getClassLoader());
      Object cost = handles.cost.invokeExact(layer);
      if (!"LIKELIHOOD".equals(((Enum<?>) cost).name())) {
        logitsPending = false;
        return;
      }
      likelihoodLayer = new WeakReference<>(layer);
    }
    this.logits.of(logits, handles);
    int classes = this.logits.size();
    logitsPending = classes >= 2;
    if (logitsPending) {
      batch.logits(this.logits.array(), this.logits.offset(), classes);
    }
  }

  /** {@code computeOutputGradient} exit: the example's gradient and one-hot target; adds it. */
  public void onGradient(Object layer, Object target) throws Throwable {
    if (!logitsPending) {
      return;
    }
    logitsPending = false;
    gradient.of(outputGradient.of(layer, handles.gradient), handles);
    Object type = gradient.scalarType();
    if (type != scalarType) {
      scalarType = type;
      dtype = dtype(type);
    }
    int classes = gradient.size();
    batch.gradient(gradient.array(), gradient.offset(), classes);
    this.target.of(target, handles);
    int label = -1;
    double best = 0;
    for (int k = 0; k < Math.min(classes, this.target.size()); k++) {
      double value = this.target.get(k);
      if (value > best) {
        best = value;
        label = k;
      }
    }
    batch.addExample(label);
  }

  /** {@code backpropagate} exit: the example's features, the last hidden layer's output. */
  public void onBackpropagated(Object net) throws Throwable {
    Object[] layers = (Object[]) net;
    if (handles == null || layers.length == 0) {
      batch.featuresUnavailable();
      return;
    }
    features.of(hiddenOutput.of(layers[layers.length - 1], handles.output), handles);
    batch.features(features.array(), features.offset(), features.size());
  }

  /** {@code update(int)} entry, or the end of an online example: the weights; ends the step. */
  public void onUpdate(Object outputLayer) throws Throwable {
    if (batch.examples() == 0 || handles == null) {
      batch.clear();
      return;
    }
    Object matrix = handles.weight.invokeExact(outputLayer);
    int rows = (int) handles.rows.invokeExact(matrix);
    int columns = (int) handles.columns.invokeExact(matrix);
    batch.weights(rows, columns);
    Class<?> type = matrix.getClass();
    if (type == handles.dense32) {
      batch.weightsByColumn(
          (float[]) handles.floatData.invokeExact(matrix), (int) handles.leading.invokeExact(matrix));
    } else if (type == handles.dense64) {
      batch.weightsByColumn(
          (double[]) handles.doubleData.invokeExact(matrix),
          (int) handles.leading.invokeExact(matrix));
    } else {
      for (int k = 0; k < rows; k++) {
        for (int f = 0; f < columns; f++) {
          batch.weight(k, f, (double) handles.element.invokeExact(matrix, k, f));
        }
      }
    }
    batch.submit(models.forOwner(outputLayer), dtype);
  }

  /** Smile's scalar type as the analysis's number format (an enum constant's name). */
  private static Dtype dtype(Object scalarType) {
    String name = ((Enum<?>) scalarType).name();
    switch (name) {
      case "Float64":
        return Dtype.FP64;
      case "Float16":
        return Dtype.FP16;
      case "BFloat16":
        return Dtype.BF16;
      default:
        return Dtype.FP32;
    }
  }
}
