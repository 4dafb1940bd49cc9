package dev.nfiwatch.agent.probes;

import java.lang.reflect.Array;

/**
 * A reusable copy of one backward call's arrays, so that the call can be analysed on another
 * thread while the trainer goes on changing its own arrays. Each array is copied into the buffer
 * kept from the previous call when it has the same type and length, so a training run of fixed
 * shapes allocates only on its first calls (and again when a shape changes, e.g. a smaller last
 * batch). A library step's arrays are lent instead ({@link #lend}): the slot holds them until the
 * ring comes round again, then gives them back to the step's reader. Objects that are not arrays the
 * analysis reads are handed on as they are: the analysis only checks their type and reports it.
 */
final class CallCopy {

  Object logits;
  Object labels;
  Object gradient;
  Object weights;
  Object features;
  String format;
  /** {@link System#nanoTime} when the call was handed over (set by the training thread). */
  long arrivalNanos;
  /** The library step whose arrays this slot holds (see {@link #lend}), or null. */
  private StepArrays lent;

  /** Copies one call; reads each array once. */
  void copy(
      Object logits,
      Object labels,
      Object gradient,
      Object weights,
      Object features,
      String format) {
    if (lent != null) {
      release(); // the buffers are a lent step's, which went back to its reader
    }
    this.logits = copy(logits, this.logits);
    this.labels = copy(labels, this.labels);
    this.gradient = copy(gradient, this.gradient);
    this.weights = copy(weights, this.weights);
    this.features = copy(features, this.features);
    this.format = format;
  }

  /**
   * Takes a library step's arrays as they are, without copying, and gives back the step this slot
   * held before (its analysis has finished), or null when it held none.
   */
  StepArrays lend(StepArrays step) {
    StepArrays previous = lent;
    lent = step;
    logits = step.logits;
    labels = step.labels;
    gradient = step.gradient;
    weights = step.weights;
    features = step.features;
    format = step.format;
    return previous;
  }

  /** Drops the buffers (a slot no longer used). */
  void release() {
    logits = labels = gradient = weights = features = null;
    format = null;
    lent = null;
  }

  /** The bytes {@link #copy(Object, Object)} copies of {@code source} (0 for what it hands on). */
  static long bytes(Object source) {
    if (source instanceof float[] || source instanceof int[]) {
      return 4L * Array.getLength(source);
    }
    if (source instanceof double[] || source instanceof long[]) {
      return 8L * Array.getLength(source);
    }
    if (source instanceof float[][] || source instanceof double[][]) {
      long bytes = 0;
      for (Object row : (Object[]) source) {
        bytes += bytes(row);
      }
      return bytes;
    }
    return 0;
  }

  /** {@code source} copied into {@code buffer} when it fits, else into a new array. */
  static Object copy(Object source, Object buffer) {
    if (source == null) {
      return null;
    }
    Class<?> type = source.getClass();
    if (type == float[].class
        || type == double[].class
        || type == int[].class
        || type == long[].class) {
      int length = Array.getLength(source);
      Object to =
          buffer != null && buffer.getClass() == type && Array.getLength(buffer) == length
              ? buffer
              : Array.newInstance(type.getComponentType(), length);
      System.arraycopy(source, 0, to, 0, length);
      return to;
    }
    if (type == float[][].class || type == double[][].class) {
      return copyRows((Object[]) source, buffer);
    }
    return source;
  }

  /** A 2-D {@code float[][]}/{@code double[][]} copied row by row (null rows stay null). */
  private static Object copyRows(Object[] from, Object buffer) {
    Object[] to =
        buffer != null
                && buffer.getClass() == from.getClass()
                && ((Object[]) buffer).length == from.length
            ? (Object[]) buffer
            : (Object[]) Array.newInstance(from.getClass().getComponentType(), from.length);
    for (int i = 0; i < from.length; i++) {
      to[i] = copy(from[i], to[i]);
    }
    return to;
  }
}
