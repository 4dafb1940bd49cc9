package dev.nfiwatch.agent.probes.smile;

import java.lang.invoke.MethodHandle;
import java.lang.ref.WeakReference;

/**
 * The vector a Smile layer's per-thread buffer accessor ({@code Layer.output()}, {@code
 * Layer.gradient()}) returns on the calling thread, remembered for the last layer asked. Smile
 * creates each thread's buffer once and only writes into it, so the same layer gives the same
 * vector on the same thread, and the reader saves a method-handle call per example. Held weakly,
 * so that no model is kept alive. One per reader and buffer (not thread-safe).
 */
final class LayerVector {

  private WeakReference<Object> layer = new WeakReference<>(null);
  private WeakReference<Object> vector = new WeakReference<>(null);

  /** {@code accessor(layer)}, from the last call when {@code layer} is the same. */
  Object of(Object layer, MethodHandle accessor) throws Throwable {
    Object known = vector.get();
    if (known != null && this.layer.get() == layer) {
      return known;
    }
    Object current = accessor.invokeExact(layer);
    this.layer = new WeakReference<>(layer);
    vector = new WeakReference<>(current);
    return current;
  }
}
