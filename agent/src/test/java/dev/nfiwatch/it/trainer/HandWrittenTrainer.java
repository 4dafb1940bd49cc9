package dev.nfiwatch.it.trainer;

/**
 * A hand-written trainer with its own loss signature, for the generic probe: {@link #softmaxGrad}
 * takes the class indices as {@code long[]} first and the scores as {@code float[][]} second, and
 * returns {@code (p − y) / batch} as a new {@code float[][]}. Plain SGD on separable data.
 * Prints {@code result: steps=N samples=M checksum=HEX}.
 *
 * <p>Options: {@code --steps N --batch B --classes K --lr X --variant indices|onehot --hold}; the
 * {@code onehot} variant trains through {@link #onehotDescent} instead.
 */
public final class HandWrittenTrainer {

  private HandWrittenTrainer() {}

  private static void trainOneHot(int steps, int batch, int classes, double lr) {
    double[] oneHot = new double[batch * classes];
    for (int i = 0; i < batch; i++) {
      oneHot[i * classes + i % classes] = 1;
    }
    double[] w = new double[classes * classes];
    double[] scores = new double[batch * classes];
    double[] descent = new double[batch * classes];
    for (int step = 1; step <= steps; step++) {
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < classes; k++) {
          scores[i * classes + k] = w[k * classes + i % classes];
        }
      }
      onehotDescent(oneHot, scores, descent, classes);
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < classes; k++) {
          w[k * classes + i % classes] += lr * descent[i * classes + k];
        }
      }
    }
    long hash = 17;
    for (double value : w) {
      hash = 31 * hash + Double.doubleToRawLongBits(value);
    }
    System.out.println(
        "result: steps=" + steps + " samples=" + (long) steps * batch + " checksum="
            + Long.toHexString(hash));
    System.out.flush();
  }

  /** The batch-mean cross-entropy gradient on the scores. */
  static float[][] softmaxGrad(long[] targets, float[][] scores) {
    int batch = scores.length;
    float[][] grad = new float[batch][];
    for (int i = 0; i < batch; i++) {
      float[] row = scores[i];
      float max = Float.NEGATIVE_INFINITY;
      for (float s : row) {
        max = Math.max(max, s);
      }
      float sum = 0f;
      float[] g = new float[row.length];
      for (int k = 0; k < row.length; k++) {
        g[k] = (float) Math.exp(row[k] - max);
        sum += g[k];
      }
      for (int k = 0; k < row.length; k++) {
        g[k] = g[k] / sum;
      }
      g[(int) targets[i]] -= 1f;
      for (int k = 0; k < row.length; k++) {
        g[k] /= batch;
      }
      grad[i] = g;
    }
    return grad;
  }

  /**
   * A second signature: one-hot targets and scores as flat double rows, the descent direction
   * {@code onehot − softmax} per sample written into {@code out}, plus an unrelated int argument.
   */
  static void onehotDescent(double[] oneHot, double[] scores, double[] out, int classes) {
    for (int row = 0; row < scores.length; row += classes) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, scores[row + k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        out[row + k] = Math.exp(scores[row + k] - max);
        sum += out[row + k];
      }
      for (int k = 0; k < classes; k++) {
        out[row + k] = oneHot[row + k] - out[row + k] / sum;
      }
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int steps = args.integer("steps", 200);
    int batch = args.integer("batch", 32);
    int classes = args.integer("classes", 5);
    float lr = (float) args.real("lr", 2.0);
    if ("onehot".equals(args.string("variant", "indices"))) {
      trainOneHot(steps, batch, classes, lr);
      if (args.flag("hold")) {
        Hold.untilStdinCloses();
      }
      return;
    }
    long[] targets = new long[batch];
    float[][] bias = new float[1][classes];
    for (int i = 0; i < batch; i++) {
      targets[i] = i % classes;
    }
    float[][] w = new float[classes][classes];
    for (int step = 1; step <= steps; step++) {
      float[][] scores = new float[batch][classes];
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < classes; k++) {
          scores[i][k] = w[k][(int) targets[i]] + bias[0][k];
        }
      }
      float[][] grad = softmaxGrad(targets, scores);
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < classes; k++) {
          w[k][(int) targets[i]] -= lr * grad[i][k];
        }
      }
    }
    long hash = 17;
    for (float[] row : w) {
      for (float value : row) {
        hash = 31 * hash + Float.floatToRawIntBits(value);
      }
    }
    System.out.println(
        "result: steps=" + steps + " samples=" + (long) steps * batch + " checksum="
            + Long.toHexString(hash));
    System.out.flush();
    if (args.flag("hold")) {
      Hold.untilStdinCloses();
    }
  }
}
