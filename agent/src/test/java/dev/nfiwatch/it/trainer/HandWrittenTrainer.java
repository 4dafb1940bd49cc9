package dev.nfiwatch.it.trainer;

/**
 * A hand-written trainer with its own loss signature, for the generic probe: {@link #softmaxGrad}
 * takes the class indices as {@code long[]} first and the scores as {@code float[][]} second, and
 * returns {@code (p − y) / batch} as a new {@code float[][]}. Plain SGD on separable data.
 * Prints {@code result: steps=N samples=M checksum=HEX}.
 *
 * <p>Options: {@code --steps N --batch B --classes K --lr X --hold}.
 */
public final class HandWrittenTrainer {

  private HandWrittenTrainer() {}

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

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int steps = args.integer("steps", 200);
    int batch = args.integer("batch", 32);
    int classes = args.integer("classes", 5);
    float lr = (float) args.real("lr", 2.0);
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
