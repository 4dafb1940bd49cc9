package dev.nfiwatch.agent.analysis;

/**
 * The shape of one backward call, resolved before any value is read: the element type, batch size
 * and class count of the logits and gradient, and each sample's correct class from whatever label
 * form the spec names. Kept apart from the kernels so that every check that can reject a call
 * happens here, once, and the kernels can index without guarding.
 *
 * <p>Accepted layouts: logits and gradient are {@code float[]}/{@code double[]} row-major batch ×
 * classes or {@code float[][]}/{@code double[][]} (one row per sample), both of the same element
 * type; labels are {@code int[]}/{@code long[]} class indices or one-hot rows (flat or 2-D, float or
 * double). The label buffer grows to the largest batch seen, at most the spec's {@link
 * AnalysisSpec#maxSamples()}, and is reused. Not thread-safe.
 */
final class BatchLayout {

  private final AnalysisSpec spec;
  private int[] labelIndex = new int[0];
  private boolean floats;
  private int batch;
  private int classes;

  BatchLayout(AnalysisSpec spec) {
    this.spec = spec;
  }

  /** Resolves one call; null when it can be analysed, otherwise why not. */
  ProbeErrorReason resolve(Object logits, Object labels, Object gradient) {
    if (logits == null || labels == null || gradient == null) {
      return ProbeErrorReason.NULL_ARRAY;
    }
    if (logits instanceof float[] || logits instanceof float[][]) {
      floats = true;
      if (!(gradient instanceof float[] || gradient instanceof float[][])) {
        return ProbeErrorReason.UNSUPPORTED_TYPE;
      }
    } else if (logits instanceof double[] || logits instanceof double[][]) {
      floats = false;
      if (!(gradient instanceof double[] || gradient instanceof double[][])) {
        return ProbeErrorReason.UNSUPPORTED_TYPE;
      }
    } else {
      return ProbeErrorReason.UNSUPPORTED_TYPE;
    }
    batch = batchSize(logits, labels);
    if (batch < 0) {
      return batch == -1 ? ProbeErrorReason.UNSUPPORTED_TYPE : ProbeErrorReason.LENGTH_MISMATCH;
    }
    if (batch == 0) {
      return ProbeErrorReason.EMPTY_BATCH;
    }
    if (batch > spec.maxSamples()) {
      return ProbeErrorReason.BATCH_TOO_LARGE;
    }
    classes = classCount(logits, batch);
    if (classes < 2) {
      return ProbeErrorReason.LENGTH_MISMATCH;
    }
    if (!fits(logits, batch, classes) || !fits(gradient, batch, classes)) {
      return ProbeErrorReason.LENGTH_MISMATCH;
    }
    return resolveLabels(labels, batch, classes);
  }

  /** Whether the call's values are floats (else doubles). */
  boolean floats() {
    return floats;
  }

  int batch() {
    return batch;
  }

  int classes() {
    return classes;
  }

  /** Each sample's correct class (index {@code < batch()}); a reused buffer. */
  int[] labels() {
    return labelIndex;
  }

  /** Batch size from the labels (and the logits for flat one-hot); -1 bad type, -2 bad length. */
  private int batchSize(Object logits, Object labels) {
    if (spec.labelForm() == LabelForm.INDICES) {
      if (labels instanceof int[]) {
        return ((int[]) labels).length;
      }
      if (labels instanceof long[]) {
        return ((long[]) labels).length;
      }
      return -1;
    }
    if (labels instanceof float[][]) {
      return ((float[][]) labels).length;
    }
    if (labels instanceof double[][]) {
      return ((double[][]) labels).length;
    }
    int length;
    if (labels instanceof float[]) {
      length = ((float[]) labels).length;
    } else if (labels instanceof double[]) {
      length = ((double[]) labels).length;
    } else {
      return -1;
    }
    int classCount = spec.classes();
    if (classCount == 0 && logits instanceof Object[]) {
      Object[] rows = (Object[]) logits;
      classCount = rows.length == 0 ? 0 : rowLength(rows[0]);
    }
    if (classCount <= 0 || length % classCount != 0) {
      return -2;
    }
    return length / classCount;
  }

  private int classCount(Object logits, int batch) {
    if (spec.classes() > 0) {
      return spec.classes();
    }
    if (logits instanceof Object[]) {
      Object[] rows = (Object[]) logits;
      return rows.length == 0 || rows[0] == null ? 0 : rowLength(rows[0]);
    }
    int length = logits instanceof float[] ? ((float[]) logits).length : ((double[]) logits).length;
    return batch == 0 || length % batch != 0 ? 0 : length / batch;
  }

  private static int rowLength(Object row) {
    if (row instanceof float[]) {
      return ((float[]) row).length;
    }
    if (row instanceof double[]) {
      return ((double[]) row).length;
    }
    return -1;
  }

  /** Whether a flat array holds exactly batch × classes values, or a 2-D array batch rows of classes. */
  private static boolean fits(Object array, int batch, int classes) {
    if (array instanceof Object[]) {
      Object[] rows = (Object[]) array;
      if (rows.length != batch) {
        return false;
      }
      for (Object row : rows) {
        if (row == null || rowLength(row) != classes) {
          return false;
        }
      }
      return true;
    }
    long expected = (long) batch * classes;
    int length = array instanceof float[] ? ((float[]) array).length : ((double[]) array).length;
    return length == expected;
  }

  private ProbeErrorReason resolveLabels(Object labels, int batch, int classes) {
    if (labelIndex.length < batch) {
      labelIndex = new int[batch];
    }
    int[] index = labelIndex;
    if (labels instanceof int[]) {
      int[] ints = (int[]) labels;
      for (int i = 0; i < batch; i++) {
        int c = ints[i];
        if (c < 0 || c >= classes) {
          return ProbeErrorReason.LABEL_OUT_OF_RANGE;
        }
        index[i] = c;
      }
      return null;
    }
    if (labels instanceof long[]) {
      long[] longs = (long[]) labels;
      for (int i = 0; i < batch; i++) {
        long c = longs[i];
        if (c < 0 || c >= classes) {
          return ProbeErrorReason.LABEL_OUT_OF_RANGE;
        }
        index[i] = (int) c;
      }
      return null;
    }
    if (labels instanceof Object[]) {
      if (!fits(labels, batch, classes)) {
        return ProbeErrorReason.LENGTH_MISMATCH;
      }
      Object[] rows = (Object[]) labels;
      for (int i = 0; i < batch; i++) {
        int c = argmaxPositive(rows[i], 0, classes);
        if (c < 0) {
          return ProbeErrorReason.LABEL_OUT_OF_RANGE;
        }
        index[i] = c;
      }
      return null;
    }
    if (!fits(labels, batch, classes)) {
      return ProbeErrorReason.LENGTH_MISMATCH;
    }
    for (int i = 0; i < batch; i++) {
      int c = argmaxPositive(labels, i * classes, classes);
      if (c < 0) {
        return ProbeErrorReason.LABEL_OUT_OF_RANGE;
      }
      index[i] = c;
    }
    return null;
  }

  /** The class of a one-hot row: its largest entry, which must be positive; -1 otherwise. */
  private static int argmaxPositive(Object row, int offset, int classes) {
    int best = -1;
    double bestValue = 0;
    if (row instanceof float[]) {
      float[] values = (float[]) row;
      for (int k = 0; k < classes; k++) {
        if (values[offset + k] > bestValue) {
          bestValue = values[offset + k];
          best = k;
        }
      }
    } else {
      double[] values = (double[]) row;
      for (int k = 0; k < classes; k++) {
        if (values[offset + k] > bestValue) {
          bestValue = values[offset + k];
          best = k;
        }
      }
    }
    return best;
  }
}
