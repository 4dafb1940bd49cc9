package dev.nfiwatch.agent.probes.dl4j;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.probes.ProbeModels;
import dev.nfiwatch.agent.probes.library.StepBatch;

/**
 * Reads one Deeplearning4j mini-batch step. DL4J calls {@code LossMCXENT.computeGradient} once per
 * mini-batch from the output layer's {@code backpropGradient}; the gradient it returns is {@code
 * softmax − labels} per example, not divided by the batch. The arrays live off-heap in workspaces
 * that are reused after the call, so every value is copied during the call into the agent's own
 * buffers and no array or layer is referenced afterwards. The output layer's {@code W} (features ×
 * classes) becomes the classes × features weights, its input the features.
 *
 * <p>One instance per training thread (the dispatcher keeps them), so it needs no lock.
 */
public final class Dl4jStep {

  private final ProbeModels models;
  private final StepBatch batch = new StepBatch();
  private final MatrixView logitsView = new MatrixView();
  private final MatrixView gradientView = new MatrixView();
  private final MatrixView labelsView = new MatrixView();
  private final MatrixView weightsView = new MatrixView();
  private final MatrixView inputView = new MatrixView();
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
    batch.clear();
    try {
      logitsView.bind(handles, logits);
      gradientView.bind(handles, gradient);
      labelsView.bind(handles, labels);
      for (int i = 0; i < rows; i++) {
        double[] z = batch.logitsRow(classes);
        double[] g = batch.gradientRow(classes);
        int label = -1;
        double best = 0;
        for (int k = 0; k < classes; k++) {
          z[k] = logitsView.get(i, k);
          g[k] = gradientView.get(i, k);
          double y = labelsView.get(i, k);
          if (y > best) {
            best = y;
            label = k;
          }
        }
        batch.addExample(label);
      }
      if (layer != null) {
        readLayer(rows, classes);
      }
    } finally {
      logitsView.release();
      gradientView.release();
      labelsView.release();
      weightsView.release();
      inputView.release();
    }
    batch.submit(models.forOwner(layer), dtype);
  }

  private void readLayer(int rows, int classes) throws Throwable {
    Object weights = handles.param.invokeExact(layer, "W");
    Object input = handles.input.invokeExact(layer);
    if (weights == null || (int) handles.rank.invokeExact(weights) != 2
        || (int) handles.columns.invokeExact(weights) != classes) {
      return;
    }
    int features = (int) handles.rows.invokeExact(weights);
    double[] w = batch.weights(classes, features);
    weightsView.bind(handles, weights);
    for (int f = 0; f < features; f++) {
      for (int k = 0; k < classes; k++) {
        w[k * features + f] = weightsView.get(f, k);
      }
    }
    if (input == null || (int) handles.rank.invokeExact(input) != 2
        || (int) handles.rows.invokeExact(input) != rows
        || (int) handles.columns.invokeExact(input) != features) {
      return;
    }
    inputView.bind(handles, input);
    for (int i = 0; i < rows; i++) {
      double[] h = batch.featuresRow(features);
      for (int f = 0; f < features; f++) {
        h[f] = inputView.get(i, f);
      }
      batch.addFeatures();
    }
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
