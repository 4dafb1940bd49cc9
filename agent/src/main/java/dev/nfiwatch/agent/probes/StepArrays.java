package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.analysis.Dtype;

/**
 * The arrays of one library step, written in place by the library's reader and handed to the probe
 * whole ({@link ProbeRuntime#onStep}): analysed where they are, or lent to a slot of the background
 * ring, which hands back the arrays of a step already analysed. So each value of a step is written
 * once, by the reader, into the array that is analysed.
 *
 * <p>The analysis reads the batch size from the labels' length, so the arrays have exactly one
 * step's size: a holder keeps them for the last {@value #SHAPES} shapes it was asked for, and a run
 * with a fixed mini-batch and an epoch remainder allocates each shape once per holder (one per ring
 * slot, plus the reader's). Not thread-safe: owned by one reader, then by the ring, never both.
 */
public final class StepArrays {

  private static final int SHAPES = 4;

  /** The arrays of one batch size, class count and element type. */
  public static final class Shape {
    /** Examples. */
    public final int batch;
    /** Classes. */
    public final int classes;
    /** Whether the arrays are {@code float[]} (else {@code double[]}). */
    public final boolean floats;
    /** {@code batch × classes}, row-major. */
    public final Object logits;
    /** {@code batch × classes}, row-major. */
    public final Object gradient;
    /** One class index per example. */
    public final int[] labels;
    private Object features;
    private Object weights;
    private long lastUse;

    Shape(int batch, int classes, boolean floats) {
      this.batch = batch;
      this.classes = classes;
      this.floats = floats;
      this.logits = array(batch * classes, floats);
      this.gradient = array(batch * classes, floats);
      this.labels = new int[batch];
    }

    /** The classifier input, {@code batch × width} row-major. */
    public Object features(int width) {
      if (features == null || length(features) != batch * width) {
        features = array(batch * width, floats);
      }
      return features;
    }

    /** The classifier weights, {@code length} entries. */
    public Object weights(int length) {
      if (weights == null || length(weights) != length) {
        weights = array(length, floats);
      }
      return weights;
    }

    private static Object array(int length, boolean floats) {
      return floats ? new float[length] : new double[length];
    }

    private static int length(Object array) {
      return array instanceof float[] ? ((float[]) array).length : ((double[]) array).length;
    }
  }

  private final Shape[] shapes = new Shape[SHAPES];
  private long uses;

  // The step handed over (set by select): what the analysis reads.
  Object logits;
  int[] labels;
  Object gradient;
  Object weights;
  Object features;
  String format;

  /** The arrays of one shape, created on its first use (replacing the least recently used). */
  public Shape shape(int batch, int classes, boolean floats) {
    uses++;
    int oldest = 0;
    for (int i = 0; i < SHAPES; i++) {
      Shape shape = shapes[i];
      if (shape == null) {
        oldest = i;
        break;
      }
      if (shape.batch == batch && shape.classes == classes && shape.floats == floats) {
        shape.lastUse = uses;
        return shape;
      }
      if (shape.lastUse < shapes[oldest].lastUse) {
        oldest = i;
      }
    }
    Shape created = new Shape(batch, classes, floats);
    created.lastUse = uses;
    shapes[oldest] = created;
    return created;
  }

  /**
   * Makes {@code shape}'s logits, labels and gradient, with {@code weights} and {@code features}
   * (each null or {@code shape}'s), the step the probe takes next, in the number format {@code
   * dtype}.
   */
  public void select(Shape shape, Object weights, Object features, Dtype dtype) {
    this.logits = shape.logits;
    this.labels = shape.labels;
    this.gradient = shape.gradient;
    this.weights = weights;
    this.features = features;
    this.format = dtype.label();
  }
}
