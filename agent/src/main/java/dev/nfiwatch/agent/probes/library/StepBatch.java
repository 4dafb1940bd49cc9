package dev.nfiwatch.agent.probes.library;

import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import dev.nfiwatch.agent.probes.StepArrays;

/**
 * One training step of a library, assembled row by row: the logits, gradient and label of each
 * example, the features entering the classifier, and the classifier weights. Libraries that compute
 * the loss gradient one example at a time (Tribuo, Smile) add their examples until their own
 * mini-batch boundary; {@link #submit} hands the step to the probe and starts the next.
 *
 * <p>Readers hand over the library's own arrays ({@link #logits}, {@link #gradient}, {@link
 * #features}, {@link #weightRow}…), and each row is written once, straight into the array that is
 * analysed (see {@link StepArrays}), so nothing of the library is kept. The analysis needs arrays of
 * exactly the step's size, and the step's size is known only at its end: rows go into arrays sized
 * for the larger of the last two steps (the mini-batch, when an epoch ends with a smaller
 * remainder), and only a step of another size (or of another number format than its rows) is copied
 * once more at {@link #submit}. Nothing is allocated once every batch size of the run has been seen.
 * Not thread-safe: each library's step reader owns one.
 */
public final class StepBatch {

  /** The examples the first step's arrays are sized for. */
  private static final int FIRST_CAPACITY = 64;

  private final int maxSamples;
  private StepArrays arrays = new StepArrays();
  /** Where the step's rows are written, or null before its first row. */
  private StepArrays.Shape shape;
  private int lastExamples;
  private int expected;
  private int examples;
  private int classes;
  /** Class count of the next example's logits, written; -1 when none. */
  private int pendingLogits = -1;
  /** Class count of the next example's gradient, written; -1 when none. */
  private int pendingGradient = -1;
  private int featureRows;
  private int width;
  private boolean featuresBroken;
  private Object weights;
  private int weightClasses;
  private int weightWidth;
  private boolean oversized;

  /**
   * @param maxSamples the most examples one step takes ({@code analysis.max.samples}); a step with
   *     more is not written further and is counted as {@code batch_too_large} at {@link #submit},
   *     so a library whose mini-batch keeps growing cannot grow these arrays without limit
   */
  public StepBatch(int maxSamples) {
    this.maxSamples = maxSamples;
  }

  /** Examples added since the last {@link #submit} or {@link #clear}. */
  public int examples() {
    return examples;
  }

  /**
   * The next example's logits: {@code classCount} entries of {@code row} (the library's {@code
   * double[]} or {@code float[]}) from {@code offset}. A class count different from the step's
   * earlier examples starts the step over.
   */
  public void logits(Object row, int offset, int classCount) {
    pendingGradient = -1;
    if (examples > 0 && classCount != classes) {
      clear();
    }
    if (examples < maxSamples) {
      if (shape == null || shape.classes != classCount) {
        classes = classCount;
        int capacity = expected > 0 ? expected : Math.min(FIRST_CAPACITY, maxSamples);
        reshape(capacity, row instanceof float[]);
      } else if (examples == shape.batch) {
        reshape(Math.min(maxSamples, 2 * shape.batch), shape.floats);
      }
      copy(row, offset, shape.logits, examples * classCount, classCount);
    }
    pendingLogits = classCount;
  }

  /** The next example's gradient, as {@link #logits}; ignored unless its logits came first. */
  public void gradient(Object row, int offset, int classCount) {
    if (pendingLogits != classCount) {
      pendingGradient = -1;
      return;
    }
    if (examples < maxSamples) {
      copy(row, offset, shape.gradient, examples * classCount, classCount);
    }
    pendingGradient = classCount;
  }

  /** Adds the example whose {@link #logits} and {@link #gradient} were given, with its label. */
  public void addExample(int label) {
    boolean complete = pendingLogits >= 0 && pendingGradient == pendingLogits;
    pendingLogits = -1;
    pendingGradient = -1;
    if (!complete) {
      return;
    }
    if (examples == maxSamples) {
      oversized = true;
      return;
    }
    shape.labels[examples] = label;
    examples++;
  }

  /**
   * The classifier input of the step's next example, as {@link #logits}: {@code featureCount}
   * entries of {@code row} from {@code offset}.
   */
  public void features(Object row, int offset, int featureCount) {
    if (featureRows == maxSamples || featuresBroken) {
      return;
    }
    if (shape == null || (featureRows > 0 && featureCount != width)) {
      featuresBroken = true; // no example yet, or rows of different widths
      return;
    }
    width = featureCount;
    if (featureRows == shape.batch) {
      reshape(Math.min(maxSamples, 2 * shape.batch), shape.floats);
    }
    copy(row, offset, shape.features(width), featureRows * width, width);
    featureRows++;
  }

  /** Marks the step's features as unavailable (e.g. a sparse input the probe does not read). */
  public void featuresUnavailable() {
    featuresBroken = true;
  }

  /**
   * Starts the step's classifier weights, {@code classCount × featureCount} row-major, for the
   * reader to fill ({@link #weightRow}, {@link #weightsByColumn}, {@link #weight}) before {@link
   * #submit}. Only after the step's first example.
   */
  public void weights(int classCount, int featureCount) {
    weights = shape.weights(classCount * featureCount);
    weightClasses = classCount;
    weightWidth = featureCount;
  }

  /** Weights row {@code k}: the {@code featureCount} entries of {@code row} from {@code offset}. */
  public void weightRow(int k, Object row, int offset) {
    copy(row, offset, weights, k * weightWidth, weightWidth);
  }

  /**
   * All the weights from a column-major matrix, {@code (k, f)} at {@code f·leading + k} of {@code
   * data} (a {@code float[]} or {@code double[]}).
   */
  public void weightsByColumn(Object data, int leading) {
    if (data instanceof float[] && weights instanceof float[]) {
      float[] from = (float[]) data;
      float[] to = (float[]) weights;
      for (int k = 0; k < weightClasses; k++) { // sequential writes: the target lines are cold
        int row = k * weightWidth;
        for (int f = 0; f < weightWidth; f++) {
          to[row + f] = from[f * leading + k];
        }
      }
    } else {
      for (int f = 0; f < weightWidth; f++) {
        for (int k = 0; k < weightClasses; k++) {
          int i = f * leading + k;
          weight(k, f, data instanceof float[] ? ((float[]) data)[i] : ((double[]) data)[i]);
        }
      }
    }
  }

  /** One weight, {@code (k, f)}. */
  public void weight(int k, int f, double value) {
    if (weights instanceof float[]) {
      ((float[]) weights)[k * weightWidth + f] = (float) value;
    } else {
      ((double[]) weights)[k * weightWidth + f] = value;
    }
  }

  /** Forgets the step's examples, features and weights. */
  public void clear() {
    shape = null;
    examples = 0;
    oversized = false;
    pendingLogits = -1;
    pendingGradient = -1;
    featureRows = 0;
    featuresBroken = false;
    weights = null;
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
    Object input =
        !featuresBroken && featureRows == examples && width > 0 ? shape.features(width) : null;
    Object classifier =
        weights != null && weightClasses == classes && (input == null || weightWidth == width)
                && weightWidth > 0
            ? weights
            : null;
    StepArrays.Shape step = shape;
    boolean floats = dtype != Dtype.FP64;
    if (step.batch != examples || step.floats != floats) {
      step = arrays.shape(examples, classes, floats);
      copy(shape.logits, 0, step.logits, 0, examples * classes);
      copy(shape.gradient, 0, step.gradient, 0, examples * classes);
      System.arraycopy(shape.labels, 0, step.labels, 0, examples);
      input = input == null ? null : copied(input, step.features(width), examples * width);
      classifier =
          classifier == null
              ? null
              : copied(classifier, step.weights(classes * weightWidth), classes * weightWidth);
    }
    arrays.select(step, classifier, input, dtype);
    expected = Math.max(examples, lastExamples);
    lastExamples = examples;
    clear();
    arrays = runtime.onStep(arrays);
  }

  /** Moves the step's rows so far to arrays of {@code capacity} examples. */
  private void reshape(int capacity, boolean floats) {
    StepArrays.Shape from = shape;
    shape = arrays.shape(capacity, classes, floats);
    if (from == null || from == shape) {
      return;
    }
    if (examples > 0) {
      copy(from.logits, 0, shape.logits, 0, examples * classes);
      copy(from.gradient, 0, shape.gradient, 0, examples * classes);
      System.arraycopy(from.labels, 0, shape.labels, 0, examples);
    }
    if (featureRows > 0 && !featuresBroken) {
      copy(from.features(width), 0, shape.features(width), 0, featureRows * width);
    }
  }

  private static Object copied(Object from, Object to, int length) {
    copy(from, 0, to, 0, length);
    return to;
  }

  /** Copies {@code length} entries between {@code double[]} and {@code float[]} arrays. */
  private static void copy(Object from, int fromOffset, Object to, int toOffset, int length) {
    if (from.getClass() == to.getClass()) {
      System.arraycopy(from, fromOffset, to, toOffset, length);
    } else if (to instanceof float[]) {
      double[] source = (double[]) from;
      float[] target = (float[]) to;
      for (int i = 0; i < length; i++) {
        target[toOffset + i] = (float) source[fromOffset + i];
      }
    } else {
      float[] source = (float[]) from;
      double[] target = (double[]) to;
      for (int i = 0; i < length; i++) {
        target[toOffset + i] = source[fromOffset + i];
      }
    }
  }
}
