package dev.nfiwatch.agent.probes;

import java.util.function.Supplier;

/**
 * One value per thread, like a {@link ThreadLocal}, with the last thread's value at hand: the
 * framework probes look their step reader up three times per example, nearly always from the one
 * training thread, so a comparison with {@link Thread#currentThread()} replaces the thread-local
 * map's lookup (which also competes with the library's own thread locals in the same map). Other
 * threads fall back to the thread local; nothing is allocated after a thread's first call. The last
 * thread's value stays reachable after that thread ends, until another thread calls.
 */
final class PerThread<T> {

  /** A thread and its value; immutable, so a racy read of {@link #last} sees a whole pair. */
  private static final class Owned<T> {
    final Thread thread;
    final T value;

    Owned(Thread thread, T value) {
      this.thread = thread;
      this.value = value;
    }
  }

  private final ThreadLocal<Owned<T>> values;
  private Owned<T> last;

  PerThread(Supplier<T> initial) {
    values = ThreadLocal.withInitial(() -> new Owned<>(Thread.currentThread(), initial.get()));
  }

  /** The calling thread's value, created at its first call. */
  T get() {
    Owned<T> owned = last;
    Thread current = Thread.currentThread();
    if (owned == null || owned.thread != current) {
      owned = values.get();
      last = owned;
    }
    return owned.value;
  }
}
