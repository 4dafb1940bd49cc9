package dev.nfiwatch.agent.probes.dl4j;

/**
 * Reads one two-dimensional ND4J array element by element straight from its data buffer (element
 * {@code (i, j)} is at {@code i·stride(0) + j·stride(1)} of {@code data()}, as ND4J's own {@code
 * getDouble(i, j)} computes it, without that method's per-call checks and index array). Rebound to
 * another array for each call; holds the buffer only while a call is being read.
 */
final class MatrixView {

  private Nd4jHandles handles;
  private Object data;
  private long rowStride;
  private long columnStride;

  /** Reads {@code array} (a rank-2 {@code INDArray}) from now on. */
  void bind(Nd4jHandles arrayHandles, Object array) throws Throwable {
    handles = arrayHandles;
    data = handles.data.invokeExact(array);
    rowStride = (int) handles.stride.invokeExact(array, 0);
    columnStride = (int) handles.stride.invokeExact(array, 1);
  }

  /** Element {@code (row, column)}, widened to double. */
  double get(int row, int column) throws Throwable {
    return (double) handles.get.invokeExact(data, row * rowStride + column * columnStride);
  }

  /** Forgets the array's buffer. */
  void release() {
    data = null;
  }
}
