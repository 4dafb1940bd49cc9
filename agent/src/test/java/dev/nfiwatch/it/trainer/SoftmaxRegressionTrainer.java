package dev.nfiwatch.it.trainer;

import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import java.io.IOException;

/**
 * A small softmax-regression trainer (Adam, full batch) built on the demo trainer's {@link
 * SoftmaxCrossEntropy} contract, so the demo probe can be tested on a run of known size. Its
 * separable data drives the logit gaps past the fp32 absorption threshold within a few hundred
 * steps. Prints {@code result: steps=N samples=M checksum=HEX}; the checksum covers the final
 * weights bit for bit.
 *
 * <p>Options: {@code --precision fp32|fp64|bf16 --steps N --batch B --classes K --features F --lr X
 * --seed S --sleep-ms T --hold --hold-after-first-step}: {@code --hold} waits for stdin to close
 * after training, {@code --hold-after-first-step} after the first step (once the probed class is
 * loaded and has been called), for a test that attaches the agent then.
 */
public final class SoftmaxRegressionTrainer {

  private SoftmaxRegressionTrainer() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String precision = args.string("precision", "fp32");
    int steps = args.integer("steps", 300);
    int batch = args.integer("batch", 64);
    int classes = args.integer("classes", 10);
    int features = args.integer("features", 16);
    double lr = args.real("lr", 0.02);
    long seed = args.integer("seed", 1);
    int sleepMs = args.integer("sleep-ms", 0);
    boolean holdAfterFirstStep = args.flag("hold-after-first-step");
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    double[] x = new double[batch * features];
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % classes;
      for (int f = 0; f < features; f++) {
        x[i * features + f] = (f % classes == labels[i] ? 1.0 : 0.0) + 0.1 * random.nextGaussian();
      }
    }
    System.out.println("training " + precision + " for " + steps + " steps");
    System.out.flush();
    long checksum;
    if ("fp64".equals(precision)) {
      checksum = trainDouble(
          x, labels, batch, classes, features, steps, lr, sleepMs, holdAfterFirstStep);
    } else {
      checksum = trainFloat(
          x, labels, batch, classes, features, steps, lr, sleepMs, holdAfterFirstStep, precision);
    }
    System.out.println(
        "result: steps=" + steps + " samples=" + (long) steps * batch + " checksum="
            + Long.toHexString(checksum));
    System.out.flush();
    if (args.flag("hold")) {
      Hold.untilStdinCloses();
    }
  }

  private static long trainFloat(
      double[] xd, int[] labels, int batch, int classes, int features, int steps, double lr,
      int sleepMs, boolean holdAfterFirstStep, String format)
      throws InterruptedException, IOException {
    float[] x = new float[xd.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) xd[i];
    }
    float[] w = new float[classes * features];
    float[] m = new float[w.length];
    float[] v = new float[w.length];
    float[] logits = new float[batch * classes];
    float[] grad = new float[batch * classes];
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(w, x, format);
    for (int step = 1; step <= steps; step++) {
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < classes; k++) {
          float z = 0f;
          for (int f = 0; f < features; f++) {
            z += x[i * features + f] * w[k * features + f];
          }
          logits[i * classes + k] = z;
        }
      }
      loss.backward(logits, labels, grad);
      for (int k = 0; k < classes; k++) {
        for (int f = 0; f < features; f++) {
          float g = 0f;
          for (int i = 0; i < batch; i++) {
            g += grad[i * classes + k] * x[i * features + f];
          }
          g /= batch;
          int j = k * features + f;
          m[j] = 0.9f * m[j] + 0.1f * g;
          v[j] = 0.98f * v[j] + 0.02f * g * g;
          double mh = m[j] / (1 - Math.pow(0.9, step));
          double vh = v[j] / (1 - Math.pow(0.98, step));
          w[j] -= (float) (lr * mh / (Math.sqrt(vh) + 1e-8));
        }
      }
      firstStepDone(step, holdAfterFirstStep);
      pause(sleepMs);
    }
    long hash = 1125899906842597L;
    for (float value : w) {
      hash = 31 * hash + Float.floatToRawIntBits(value);
    }
    return hash;
  }

  private static long trainDouble(
      double[] x, int[] labels, int batch, int classes, int features, int steps, double lr,
      int sleepMs, boolean holdAfterFirstStep) throws InterruptedException, IOException {
    double[] w = new double[classes * features];
    double[] m = new double[w.length];
    double[] v = new double[w.length];
    double[] logits = new double[batch * classes];
    double[] grad = new double[batch * classes];
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(w, x, "fp64");
    for (int step = 1; step <= steps; step++) {
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < classes; k++) {
          double z = 0;
          for (int f = 0; f < features; f++) {
            z += x[i * features + f] * w[k * features + f];
          }
          logits[i * classes + k] = z;
        }
      }
      loss.backward(logits, labels, grad);
      for (int k = 0; k < classes; k++) {
        for (int f = 0; f < features; f++) {
          double g = 0;
          for (int i = 0; i < batch; i++) {
            g += grad[i * classes + k] * x[i * features + f];
          }
          g /= batch;
          int j = k * features + f;
          m[j] = 0.9 * m[j] + 0.1 * g;
          v[j] = 0.98 * v[j] + 0.02 * g * g;
          double mh = m[j] / (1 - Math.pow(0.9, step));
          double vh = v[j] / (1 - Math.pow(0.98, step));
          w[j] -= lr * mh / (Math.sqrt(vh) + 1e-8);
        }
      }
      firstStepDone(step, holdAfterFirstStep);
      pause(sleepMs);
    }
    long hash = 1125899906842597L;
    for (double value : w) {
      hash = 31 * hash + Double.doubleToRawLongBits(value);
    }
    return hash;
  }

  /** After the first step, with {@code --hold-after-first-step}: says so, waits for stdin to close. */
  private static void firstStepDone(int step, boolean hold) throws IOException {
    if (step == 1 && hold) {
      System.out.println("first step done");
      System.out.flush();
      Hold.untilStdinCloses();
    }
  }

  private static void pause(int sleepMs) throws InterruptedException {
    if (sleepMs > 0) {
      Thread.sleep(sleepMs);
    }
  }
}
