package dev.nfiwatch.demo.loss;

import dev.nfiwatch.demo.linalg.ElementKernels;

/**
 * The demo trainer's softmax cross-entropy backward: the method nfiwatch's built-in probe instruments.
 *
 * <p>This class is a stable contract between the demo trainer and the agent; its name, its two
 * {@code backward} signatures and its three fields are documented in the README and must not change
 * without changing the agent's demo probe:
 *
 * <ul>
 *   <li>{@code void backward(float[] logits, int[] labels, float[] gradLogits)} (fp32 and bf16 runs)
 *   <li>{@code void backward(double[] logits, int[] labels, double[] gradLogits)} (fp64 runs)
 *   <li>{@code classifierWeights}: the classifier layer's weights, classes × features, row-major, the
 *       same array object the optimizer updates ({@code float[]} or {@code double[]});
 *   <li>{@code classifierInput}: the features entering the classifier for the current batch, batch ×
 *       features, row-major ({@code float[]} or {@code double[]});
 *   <li>{@code format}: {@code "fp32"}, {@code "fp64"} or {@code "bf16"}.
 * </ul>
 *
 * <p>Arrays are row-major batch × classes; the batch size is {@code labels.length} and the class
 * count {@code logits.length / labels.length}. The gradient written is {@code softmax − onehot} per
 * sample, not divided by the batch size; the caller scales it. The probabilities are {@link
 * ElementKernels#softmax}'s (exponentials by {@link dev.nfiwatch.demo.linalg.FastExp}).
 */
public final class SoftmaxCrossEntropy {

  private final Object classifierWeights;
  private final Object classifierInput;
  private final String format;
  private final boolean roundToBfloat16;

  /**
   * @param classifierWeights the classifier's weight array (classes × features), kept for observers
   * @param classifierInput the classifier's input feature array (batch × features), kept for observers
   * @param format the training number format: {@code fp32}, {@code fp64} or {@code bf16}
   */
  public SoftmaxCrossEntropy(Object classifierWeights, Object classifierInput, String format) {
    if (!"fp32".equals(format) && !"fp64".equals(format) && !"bf16".equals(format)) {
      throw new IllegalArgumentException("format must be fp32, fp64 or bf16, got " + format);
    }
    this.classifierWeights = classifierWeights;
    this.classifierInput = classifierInput;
    this.format = format;
    this.roundToBfloat16 = "bf16".equals(format);
  }

  /** The training number format this loss was built for. */
  public String format() {
    return format;
  }

  /**
   * Writes {@code softmax(logits) − onehot(labels)} into {@code gradLogits}, computed in float. In
   * bf16 format the probabilities are rounded to bfloat16 before the one-hot is subtracted.
   */
  public void backward(float[] logits, int[] labels, float[] gradLogits) {
    int batch = labels.length;
    int classes = logits.length / batch;
    for (int i = 0; i < batch; i++) {
      int row = i * classes;
      ElementKernels.softmax(logits, row, classes, gradLogits);
      if (roundToBfloat16) {
        for (int k = row; k < row + classes; k++) {
          gradLogits[k] = Bfloat16.round(gradLogits[k]);
        }
      }
      gradLogits[row + labels[i]] -= 1f;
    }
  }

  /** Writes {@code softmax(logits) − onehot(labels)} into {@code gradLogits}, computed in double. */
  public void backward(double[] logits, int[] labels, double[] gradLogits) {
    int batch = labels.length;
    int classes = logits.length / batch;
    for (int i = 0; i < batch; i++) {
      int row = i * classes;
      ElementKernels.softmax(logits, row, classes, gradLogits);
      gradLogits[row + labels[i]] -= 1.0;
    }
  }
}
