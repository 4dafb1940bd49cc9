package dev.nfiwatch.agent.probes.smile;

import java.lang.invoke.MethodHandle;
import java.lang.ref.WeakReference;

/**
 * The vector a Smile layer's per-thread buffer accessor ({@code Layer.output()}, {@code
 * Layer.gradient()}) returns on the calling thread, remembered for the last layer asked, with its
 * size. Smile creates each thread's buffer once and only writes into it, so the same layer gives the
 * same vector on the same thread, and the reader saves two method-handle calls per example. Held
 * weakly, so that no model is kept alive. One per reader and buffer (not thread-safe).
 */
final class LayerVector {

  private WeakReference<Object> layer = new WeakReference<>(null);
  private WeakReference<Object> vector = new WeakReference<>(null);
  private int size;

  /** {@code accessor(layer)}, from the last call when {@code layer} is the same. */
  Object of(Object layer, MethodHandle accessor, MethodHandle sizeOf) throws Throwable {
    Object known = vector.get();
    if (known != null && this.layer.get() == layer) {
      return known;
    }
    Object current = accessor.invokeExact(layer);
    size = (int) sizeOf.invokeExact(current);
    this.layer = new WeakReference<>(layer);
    vector = new WeakReference<>(current);
    return current;
  }

  /** The size of the vector {@link #of} returned last. */
  int size() {
    return size;
  }
}
