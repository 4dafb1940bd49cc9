package dev.nfiwatch.agent.probes.dl4j;

/**
 * Copies two-dimensional ND4J arrays into the agent's own arrays, in bulk where it can. Element
 * {@code (i, j)} of an array lies at {@code i·stride(0) + j·stride(1)} of its {@code data()} buffer
 * (as ND4J's own {@code getDouble(i, j)} computes it). When the buffer is float32 (or float64) and
 * the copy's target is {@code float[]} (or {@code double[]}), the buffer's JavaCPP indexer copies
 * the array's span in one call ({@code FloatIndexer.get(index, float[], offset, length)}: no
 * allocation, unlike {@code asNioFloat()}, which creates buffer views on every call); when the
 * array's layout equals the target's, straight into the target, else into a scratch array that is
 * then rearranged. Other formats (half, bfloat16) are read element by element. Holds no array or
 * buffer after a call.
 */
final class Nd4jMatrix {

  private float[] floatScratch = new float[0];
  private double[] doubleScratch = new double[0];
  private float[] floatLabels = new float[0];
  private double[] doubleLabels = new double[0];

  /**
   * Copies {@code array} ({@code rows × columns}) into {@code target} ({@code float[]} or {@code
   * double[]} of {@code rows·columns}): element {@code (i, j)} to {@code i·columns + j}, or, {@code
   * transposed}, to {@code j·rows + i}.
   */
  void copy(Nd4jHandles handles, Object array, Object target, boolean transposed) throws Throwable {
    int rows = (int) handles.rows.invokeExact(array);
    int columns = (int) handles.columns.invokeExact(array);
    long rowStride = (int) handles.stride.invokeExact(array, 0);
    long columnStride = (int) handles.stride.invokeExact(array, 1);
    long targetRow = transposed ? 1 : columns;
    long targetColumn = transposed ? rows : 1;
    Object data = handles.data.invokeExact(array);
    Object indexer = handles.indexer.invokeExact(data);
    int count = rows * columns;
    boolean sameLayout =
        (rows == 1 || rowStride == targetRow) && (columns == 1 || columnStride == targetColumn);
    // A view whose elements lie far apart (a column of a wide matrix) is read element by element
    // rather than through a scratch copy of its whole span.
    boolean bulk = rowStride >= 0 && columnStride >= 0
        && (sameLayout || span(rows, columns, rowStride, columnStride) <= 4L * count);
    if (bulk && target instanceof float[] && handles.floatIndexer.isInstance(indexer)) {
      float[] out = (float[]) target;
      if (sameLayout) {
        Object ignored = handles.floatBulk.invokeExact(indexer, 0L, out, 0, count);
        return;
      }
      float[] span = floats((int) span(rows, columns, rowStride, columnStride));
      Object ignored = handles.floatBulk.invokeExact(indexer, 0L, span, 0, span.length);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          out[(int) (i * targetRow + j * targetColumn)] = span[(int) (i * rowStride + j * columnStride)];
        }
      }
    } else if (bulk && target instanceof double[] && handles.doubleIndexer.isInstance(indexer)) {
      double[] out = (double[]) target;
      if (sameLayout) {
        Object ignored = handles.doubleBulk.invokeExact(indexer, 0L, out, 0, count);
        return;
      }
      double[] span = doubles((int) span(rows, columns, rowStride, columnStride));
      Object ignored = handles.doubleBulk.invokeExact(indexer, 0L, span, 0, span.length);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          out[(int) (i * targetRow + j * targetColumn)] = span[(int) (i * rowStride + j * columnStride)];
        }
      }
    } else {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          double value = (double) handles.get.invokeExact(data, i * rowStride + j * columnStride);
          int at = (int) (i * targetRow + j * targetColumn);
          if (target instanceof float[]) {
            ((float[]) target)[at] = (float) value;
          } else {
            ((double[]) target)[at] = value;
          }
        }
      }
    }
  }

  /**
   * Writes each row's class, its largest positive entry (-1 for a row without one), of the one-hot
   * (or soft) {@code labels} ({@code rows × columns}) into {@code classes}.
   */
  void labels(Nd4jHandles handles, Object labels, int[] classes) throws Throwable {
    int rows = (int) handles.rows.invokeExact(labels);
    int columns = (int) handles.columns.invokeExact(labels);
    Object indexer = handles.indexer.invokeExact(handles.data.invokeExact(labels));
    if (handles.doubleIndexer.isInstance(indexer)) {
      if (doubleLabels.length < rows * columns) {
        doubleLabels = new double[rows * columns];
      }
      double[] values = doubleLabels;
      copy(handles, labels, values, false);
      for (int i = 0; i < rows; i++) {
        int label = -1;
        double best = 0;
        for (int k = 0; k < columns; k++) {
          if (values[i * columns + k] > best) {
            best = values[i * columns + k];
            label = k;
          }
        }
        classes[i] = label;
      }
    } else {
      if (floatLabels.length < rows * columns) {
        floatLabels = new float[rows * columns];
      }
      float[] values = floatLabels;
      copy(handles, labels, values, false);
      for (int i = 0; i < rows; i++) {
        int label = -1;
        float best = 0;
        for (int k = 0; k < columns; k++) {
          if (values[i * columns + k] > best) {
            best = values[i * columns + k];
            label = k;
          }
        }
        classes[i] = label;
      }
    }
  }

  private static long span(int rows, int columns, long rowStride, long columnStride) {
    return (rows - 1) * rowStride + (columns - 1) * columnStride + 1;
  }

  private float[] floats(int length) {
    if (floatScratch.length < length) {
      floatScratch = new float[length];
    }
    return floatScratch;
  }

  private double[] doubles(int length) {
    if (doubleScratch.length < length) {
      doubleScratch = new double[length];
    }
    return doubleScratch;
  }
}
