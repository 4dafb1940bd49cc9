package dev.nfiwatch.demo.model;

import dev.nfiwatch.demo.data.Examples;
import dev.nfiwatch.demo.linalg.Fnv1a;
import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.Matrix;

/**
 * The demo model: input layer → ReLU → {@code depth} hidden ReLU layers → linear classifier with
 * bias producing one logit per class.
 *
 * <p>Every activation and gradient buffer is allocated once for a fixed batch size and never
 * reshaped, so a step allocates nothing and the arrays handed to {@link SoftmaxCrossEntropy} (the
 * classifier weights, classes × width, and the classifier input, batch × width) stay the live ones.
 */
public final class Network<M extends Matrix> {

  private final MatrixOps<M> ops;
  private final InputLayer<M> input;
  private final List<Linear<M>> hidden;
  private final Linear<M> classifier;
  private final List<M> activations = new ArrayList<>();
  private final M logits;
  private final M gradLogits;
  private final M gradCurrent;
  private final M gradNext;
  private final SoftmaxCrossEntropy loss;
  private final List<Parameter<M>> parameters = new ArrayList<>();

  /**
   * @param ops the kernels of the training precision
   * @param input the input layer, already built for {@code batch} examples
   * @param shape width, depth and class count
   * @param batch the fixed number of examples per forward pass
   * @param init initialises the hidden layers and the classifier (after the input layer)
   * @param format the number format handed to the softmax cross-entropy
   */
  public Network(
      MatrixOps<M> ops,
      InputLayer<M> input,
      Shape shape,
      int batch,
      Initializer init,
      String format) {
    this.ops = ops;
    this.input = input;
    this.hidden = new ArrayList<>();
    for (int l = 0; l < shape.depth(); l++) {
      hidden.add(new Linear<>("hidden" + l, ops, shape.width(), shape.width(), init));
    }
    this.classifier = new Linear<>("classifier", ops, shape.width(), shape.classes(), init);
    for (int l = 0; l <= shape.depth(); l++) {
      activations.add(ops.zeros(batch, shape.width()));
    }
    this.logits = ops.zeros(batch, shape.classes());
    this.gradLogits = ops.zeros(batch, shape.classes());
    this.gradCurrent = ops.zeros(batch, shape.width());
    this.gradNext = ops.zeros(batch, shape.width());
    this.loss =
        new SoftmaxCrossEntropy(
            ops.data(classifier.weight().value()), ops.data(classifierInput()), format);
    parameters.addAll(input.parameters());
    hidden.forEach(layer -> parameters.addAll(layer.parameters()));
    parameters.addAll(classifier.parameters());
  }

  /** Computes the logits of examples {@code rows} (exactly batch-size many). */
  public void forward(Examples examples, int[] rows) {
    M h = activations.get(0);
    input.forward(examples, rows, h);
    ops.relu(h);
    for (int l = 0; l < hidden.size(); l++) {
      M next = activations.get(l + 1);
      hidden.get(l).forward(h, next);
      ops.relu(next);
      h = next;
    }
    classifier.forward(h, logits);
  }

  /**
   * Writes the gradient of the mean cross-entropy of the last forward pass into every parameter's
   * {@code grad}; the logit gradient comes from one {@link SoftmaxCrossEntropy} backward call.
   */
  public void backward(int[] labels) {
    ops.softmaxBackward(loss, logits, labels, gradLogits);
    ops.scale(gradLogits, 1.0 / labels.length);
    M grad = gradCurrent;
    M spare = gradNext;
    classifier.backward(gradLogits, classifierInput(), grad);
    for (int l = hidden.size() - 1; l >= 0; l--) {
      ops.reluBackward(grad, activations.get(l + 1));
      hidden.get(l).backward(grad, activations.get(l), spare);
      M swap = grad;
      grad = spare;
      spare = swap;
    }
    ops.reluBackward(grad, activations.get(0));
    input.backward(grad);
  }

  /** The logits of the last forward pass, batch × classes. */
  public M logits() {
    return logits;
  }

  /** The logit gradient of the last backward pass, already divided by the batch size. */
  public M logitGradient() {
    return gradLogits;
  }

  /** The classifier's weights, classes × width. */
  public M classifierWeights() {
    return classifier.weight().value();
  }

  /** The features entering the classifier in the last forward pass, batch × width. */
  public M classifierInput() {
    return activations.get(activations.size() - 1);
  }

  /** The softmax cross-entropy this network's backward pass calls. */
  public SoftmaxCrossEntropy loss() {
    return loss;
  }

  /** Every trainable parameter, input layer first and classifier last. */
  public List<Parameter<M>> parameters() {
    return parameters;
  }

  /** The kernels of the training precision. */
  public MatrixOps<M> ops() {
    return ops;
  }

  /** A 64-bit hash of the raw bits of every parameter value. */
  public long checksum() {
    long hash = Fnv1a.EMPTY;
    for (Parameter<M> p : parameters) {
      hash = ops.hashBits(p.value(), hash);
    }
    return hash;
  }
}
