package dev.nfiwatch.agent.probes.smile;

import java.lang.ref.WeakReference;

/**
 * Where a Smile vector's values are, for one reader: the {@code float[]} or {@code double[]} behind
 * Smile's dense vectors ({@code Vector32}, {@code Vector64}: {@code array[offset … offset + size)}),
 * looked up once per vector object, since Smile's per-thread buffers are the same objects from
 * example to example and only their values change. So a row is read by one array copy, with no
 * call into Smile. A vector of another class, or a Smile whose fields the agent cannot open, is
 * copied through {@code toArray(double[])} into a buffer of this reader on every call. The vector is
 * held weakly, so that no model is kept alive. Not thread-safe: one per reader and vector role.
 */
final class VectorData {

  private WeakReference<Object> vector = new WeakReference<>(null);
  private boolean backed;
  private Object array;
  private int offset;
  private int size;
  private Object scalarType;
  private double[] copy = new double[0];

  /** Points this at {@code current}'s values (copying them when it has no array the agent reads). */
  void of(Object current, SmileHandles handles) throws Throwable {
    if (current != vector.get()) {
      Class<?> type = current.getClass();
      backed = handles.backedVectors && (type == handles.vector32 || type == handles.vector64);
      if (backed) {
        array =
            type == handles.vector32
                ? (Object) (float[]) handles.floatArray.invokeExact(current)
                : (Object) (double[]) handles.doubleArray.invokeExact(current);
        offset = type == handles.vector32
            ? (int) handles.floatOffset.invokeExact(current)
            : (int) handles.doubleOffset.invokeExact(current);
      }
      size = (int) handles.size.invokeExact(current);
      scalarType = handles.scalarType.invokeExact(current);
      vector = new WeakReference<>(current);
    }
    if (!backed) {
      if (copy.length != size) {
        copy = new double[size];
      }
      double[] copied = (double[]) handles.toArray.invokeExact(current, copy);
      if (copied != copy) {
        throw new IllegalStateException("Smile vector longer than its size: " + copied.length);
      }
      array = copy;
      offset = 0;
    }
  }

  /** The array holding the vector's values (a {@code float[]} or {@code double[]}). */
  Object array() {
    return array;
  }

  /** Where the values start in {@link #array}. */
  int offset() {
    return offset;
  }

  /** The vector's size. */
  int size() {
    return size;
  }

  /** The vector's {@code Tensor.scalarType()} (an enum constant). */
  Object scalarType() {
    return scalarType;
  }

  /** Entry {@code i} of the vector. */
  double get(int i) {
    return array instanceof float[]
        ? ((float[]) array)[offset + i]
        : ((double[]) array)[offset + i];
  }
}
