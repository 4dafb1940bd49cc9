package dev.nfiwatch.agent.probes.library;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import java.util.Arrays;

/**
 * One training step of a library, assembled row by row: the logits, gradient and label of each
 * example, the features entering the classifier, and the classifier weights. Libraries that compute
 * the loss gradient one example at a time (Tribuo, Smile) add their examples until their own
 * mini-batch boundary; Deeplearning4j adds a whole mini-batch at once. {@link #submit} hands the
 * step to the probe as exact-size arrays of the library's number format and starts the next.
 *
 * <p>Readers write values into the rows this class lends ({@link #logitsRow}, {@link #gradientRow},
 * {@link #featuresRow}, {@link #weights}), so nothing of the library is kept. Rows are staged in
 * double (exact for float values) and converted once per step. Nothing is allocated once the
 * buffers have grown and every batch size of the run has been seen (usually two: the mini-batch and
 * the epoch's remainder). Not thread-safe: each library's step reader owns one and uses it under its
 * own lock.
 */
public final class StepBatch {

  private final ExactArrays exact = new ExactArrays();
  private final int maxSamples;
  private double[] pendingLogits = new double[0];
  private double[] pendingGradient = new double[0];
  private double[] pendingFeatures = new double[0];
  private double[] logits = new double[0];
  private double[] gradient = new double[0];
  private double[] features = new double[0];
  private double[] weights = new double[0];
  private int[] labels = new int[0];
  private int examples;
  private int classes;
  private int featureRows;
  private int width;
  private boolean featuresBroken;
  private int weightClasses;
  private int weightWidth;
  private boolean oversized;

  /**
   * @param maxSamples the most examples one step stages ({@code analysis.max.samples}); a step
   *     with more is not copied further and is counted as {@code batch_too_large} at {@link
   *     #submit}, so a library whose mini-batch keeps growing cannot grow these buffers without limit
   */
  public StepBatch(int maxSamples) {
    this.maxSamples = maxSamples;
  }

  /** Examples added since the last {@link #submit} or {@link #clear}. */
  public int examples() {
    return examples;
  }

  /** The row the next example's logits are written to (overwritten by the next call). */
  public double[] logitsRow(int classCount) {
    if (pendingLogits.length != classCount) {
      pendingLogits = new double[classCount];
    }
    return pendingLogits;
  }

  /** The row the next example's gradient is written to (overwritten by the next call). */
  public double[] gradientRow(int classCount) {
    if (pendingGradient.length != classCount) {
      pendingGradient = new double[classCount];
    }
    return pendingGradient;
  }

  /**
   * Adds an example from the current {@link #logitsRow} and {@link #gradientRow}. A class count
   * different from the step's earlier examples starts the step over.
   */
  public void addExample(int label) {
    int k = pendingLogits.length;
    if (k != pendingGradient.length) {
      return;
    }
    if (examples > 0 && k != classes) {
      clear();
    }
    if (examples == maxSamples) {
      oversized = true;
      return;
    }
    classes = k;
    logits = grow(logits, (examples + 1) * k);
    gradient = grow(gradient, (examples + 1) * k);
    labels = grow(labels, examples + 1);
    System.arraycopy(pendingLogits, 0, logits, examples * k, k);
    System.arraycopy(pendingGradient, 0, gradient, examples * k, k);
    labels[examples] = label;
    examples++;
  }

  /** The row the next example's classifier input is written to (overwritten by the next call). */
  public double[] featuresRow(int featureCount) {
    if (pendingFeatures.length != featureCount) {
      pendingFeatures = new double[featureCount];
    }
    return pendingFeatures;
  }

  /** Adds the current {@link #featuresRow} as the input of the step's next example. */
  public void addFeatures() {
    int f = pendingFeatures.length;
    if (featureRows == maxSamples) {
      return;
    }
    if (featureRows > 0 && f != width) {
      featuresBroken = true;
      return;
    }
    width = f;
    features = grow(features, (featureRows + 1) * f);
    System.arraycopy(pendingFeatures, 0, features, featureRows * f, f);
    featureRows++;
  }

  /** Marks the step's features as unavailable (e.g. a sparse input the probe does not read). */
  public void featuresUnavailable() {
    featuresBroken = true;
  }

  /**
   * The step's classifier weights buffer, {@code classCount × featureCount} row-major, for the
   * reader to fill before {@link #submit}.
   */
  public double[] weights(int classCount, int featureCount) {
    weights = grow(weights, classCount * featureCount);
    weightClasses = classCount;
    weightWidth = featureCount;
    return weights;
  }

  /** Forgets the step's examples, features and weights. */
  public void clear() {
    examples = 0;
    oversized = false;
    featureRows = 0;
    featuresBroken = false;
    weightClasses = 0;
    weightWidth = 0;
  }

  /**
   * Hands the step to {@code runtime} (nothing when it has no example; only its count when it had
   * more than {@code maxSamples}) and starts the next. The features go along only when every
   * example has its row; the weights only when they were filled for the step's class count and
   * feature width.
   *
   * @param dtype the library's number format: {@link Dtype#FP64} gives {@code double[]} arrays,
   *     every other format {@code float[]}
   */
  public void submit(ProbeRuntime runtime, Dtype dtype) {
    if (oversized) {
      clear();
      runtime.onOversizedCall();
      return;
    }
    if (examples == 0) {
      clear();
      return;
    }
    boolean floats = dtype != Dtype.FP64;
    ExactArrays.Set set = exact.forSize(examples, classes, floats);
    copy(logits, set.logits, examples * classes);
    copy(gradient, set.gradient, examples * classes);
    System.arraycopy(labels, 0, set.labels, 0, examples);
    Object input = null;
    if (!featuresBroken && featureRows == examples && width > 0) {
      input = set.features(width);
      copy(features, input, examples * width);
    }
    Object classifier = null;
    if (weightClasses == classes && (input == null || weightWidth == width) && weightWidth > 0) {
      classifier = set.weights(classes * weightWidth);
      copy(weights, classifier, classes * weightWidth);
    }
    clear();
    runtime.onCall(set.logits, set.labels, set.gradient, classifier, input, dtype.label());
  }

  private static void copy(double[] from, Object to, int length) {
    if (to instanceof double[]) {
      System.arraycopy(from, 0, (double[]) to, 0, length);
    } else {
      float[] target = (float[]) to;
      for (int i = 0; i < length; i++) {
        target[i] = (float) from[i];
      }
    }
  }

  private static double[] grow(double[] array, int length) {
    return array.length >= length ? array : Arrays.copyOf(array, Math.max(length, 2 * array.length));
  }

  private static int[] grow(int[] array, int length) {
    return array.length >= length ? array : Arrays.copyOf(array, Math.max(length, 2 * array.length));
  }
}
