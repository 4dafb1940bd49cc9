package dev.nfiwatch.it.trainer;

/**
 * A hand-written linear softmax classifier for the generic probe's NFI options: the weights are a
 * field ({@code features × classes}, used as {@code h · W}), the features are an argument, and
 * {@link #backward} returns a new {@code p − y} gradient (flat batch × classes) that the caller then
 * uses. Trains full batch with Adam-like normalised steps on separable data, so that the gaps pass
 * the float absorption threshold. Prints {@code result: steps=N weights_norm=X residual_sum=Y}: the
 * Frobenius norm of the weights as the last {@code backward} saw them, and the sum of Σ_k g_k over
 * every gradient row the trainer received (the zero-sum bias that reached the update).
 *
 * <p>Options: {@code --steps N --batch B --classes K --features F --lr X}.
 */
public final class LinearClassifierTrainer {

  private final float[] weights;
  private final int classes;

  private LinearClassifierTrainer(int features, int classes) {
    this.weights = new float[features * classes];
    this.classes = classes;
  }

  /** The softmax cross-entropy gradient on the logits, per sample. */
  float[] backward(float[] features, int[] labels, float[] logits) {
    int batch = labels.length;
    float[] grad = new float[batch * classes];
    for (int i = 0; i < batch; i++) {
      int row = i * classes;
      float max = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, logits[row + k]);
      }
      float sum = 0f;
      for (int k = 0; k < classes; k++) {
        grad[row + k] = (float) Math.exp(logits[row + k] - max);
        sum += grad[row + k];
      }
      for (int k = 0; k < classes; k++) {
        grad[row + k] /= sum;
      }
      grad[row + labels[i]] -= 1f;
    }
    return grad;
  }

  public static void main(String[] argv) {
    Args args = new Args(argv);
    int steps = args.integer("steps", 300);
    int batch = args.integer("batch", 40);
    int classes = args.integer("classes", 4);
    int width = args.integer("features", 6);
    float lr = (float) args.real("lr", 0.05);
    LinearClassifierTrainer trainer = new LinearClassifierTrainer(width, classes);
    float[] features = new float[batch * width];
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % classes;
      for (int f = 0; f < width; f++) {
        features[i * width + f] = (f % classes == labels[i] ? 1f : 0f) + 0.5f;
      }
    }
    float[] logits = new float[batch * classes];
    double weightsNorm = 0;
    double residualSum = 0;
    for (int step = 1; step <= steps; step++) {
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < classes; k++) {
          float z = 0;
          for (int f = 0; f < width; f++) {
            z += features[i * width + f] * trainer.weights[f * classes + k];
          }
          logits[i * classes + k] = z;
        }
      }
      weightsNorm = 0;
      for (float w : trainer.weights) {
        weightsNorm += (double) w * w;
      }
      weightsNorm = Math.sqrt(weightsNorm);
      float[] grad = trainer.backward(features, labels, logits);
      for (int i = 0; i < batch; i++) {
        double rowSum = 0;
        for (int k = 0; k < classes; k++) {
          rowSum += grad[i * classes + k];
        }
        residualSum += rowSum;
      }
      for (int f = 0; f < width; f++) {
        for (int k = 0; k < classes; k++) {
          float g = 0;
          for (int i = 0; i < batch; i++) {
            g += features[i * width + f] * grad[i * classes + k];
          }
          trainer.weights[f * classes + k] -= lr * Math.signum(g);
        }
      }
    }
    System.out.println(
        "result: steps=" + steps + " weights_norm=" + weightsNorm + " residual_sum=" + residualSum);
    System.out.flush();
  }
}
