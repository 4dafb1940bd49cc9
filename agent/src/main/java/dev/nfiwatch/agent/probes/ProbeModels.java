package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import dev.nfiwatch.agent.config.ModelSettings;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One probe's models, kept apart: each object that owns the probed calls (the demo's {@code
 * SoftmaxCrossEntropy}, a framework's output layer, the generic method's receiver, or the calling
 * thread for a static method) gets a {@link ProbeRuntime} of its own, with its own analysis, NFI
 * monitor, loss-spike rule and history, and a {@code model} label: {@code 0}, {@code 1}, … in
 * first-seen order, or the name of the thread that first trained it. Owners are referenced weakly,
 * so a finished model can be collected; its series keep their last values.
 *
 * <p>The label's values stay bounded: beyond {@link ModelSettings#max()} models, calls count in one
 * shared {@code model="other"} runtime, and the overflow is logged once.
 *
 * <p>The training thread's lookup reads one volatile array, a table by the owner's identity hash:
 * no lock and no allocation once a model is known, the same cost for 1 model or 16 (measured in
 * BENCHMARKS.md). A new owner is added under a lock, into a copy of the table.
 */
public final class ProbeModels {

  /** The label of the runtime that counts the calls of models beyond the cap. */
  public static final String OVERFLOW = "other";

  /** Owners of overflowing models remembered for the lock-free lookup, at most. */
  static final int OVERFLOW_OWNERS = 64;

  private static final int MIN_TABLE = 32;

  private final String probe;
  private final ModelSettings settings;
  private final Function<String, ProbeRuntime> factory;
  private final int maxSamples;
  /**
   * Known owners, an open-addressing table by identity hash (linear probing, at most half full).
   * Replaced, never changed, so the training threads read it without a lock.
   */
  private volatile Entry[] table = new Entry[MIN_TABLE];
  /** Owners in the table, collected ones included. */
  private int owners;
  /** Model 0 when it was made before its first call (see first()): the first owner claims it. */
  private ProbeRuntime reserved;
  /** The models' runtimes, in first-seen order, {@link #OVERFLOW} last once it exists. */
  private volatile List<ProbeRuntime> runtimes = List.of();
  private ProbeRuntime overflow;
  private int models;

  /**
   * @param probe the probe's name
   * @param settings how many models are told apart and how they are labelled
   * @param maxSamples the largest batch the runtimes analyse ({@code analysis.max.samples}), so
   *     that library readers stop copying a larger step before they know its model
   * @param factory makes the runtime of a new model from its label
   */
  public ProbeModels(
      String probe,
      ModelSettings settings,
      int maxSamples,
      Function<String, ProbeRuntime> factory) {
    this.probe = probe;
    this.settings = settings;
    this.maxSamples = maxSamples;
    this.factory = factory;
  }

  /** The probe's name. */
  public String probe() {
    return probe;
  }

  /** The largest batch the models' runtimes analyse. */
  public int maxSamples() {
    return maxSamples;
  }

  /**
   * The runtime of the model that owns a call.
   *
   * @param owner the object whose method was called, or null: the calling thread owns the call
   */
  public ProbeRuntime forOwner(Object owner) {
    Object key = key(owner);
    int hash = System.identityHashCode(key);
    Entry[] current = table;
    int mask = current.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Entry entry = current[i];
      if (entry == null) {
        return add(key, hash);
      }
      if (entry.hash == hash && entry.owner.get() == key) {
        return entry.runtime;
      }
    }
  }

  private Object key(Object owner) {
    switch (settings.owner()) {
      case OBJECT:
        return owner != null ? owner : Thread.currentThread();
      case THREAD:
        return Thread.currentThread();
      default:
        return this;
    }
  }

  private synchronized ProbeRuntime add(Object key, int hash) {
    ProbeRuntime known = find(table, key, hash);
    if (known != null) {
      return known;
    }
    ProbeRuntime runtime;
    if (reserved != null) {
      runtime = reserved;
      reserved = null;
    } else if (models < settings.max()) {
      runtime = newModel(label());
    } else {
      runtime = overflow();
      if (owners >= settings.max() + OVERFLOW_OWNERS) {
        table = rebuilt(table.length); // drops the owners that were collected
        if (owners >= settings.max() + OVERFLOW_OWNERS) {
          return runtime; // remembered owners are full: this owner takes this (slower) path each call
        }
      }
    }
    Entry[] grown = owners + 1 > table.length / 2 ? rebuilt(table.length * 2) : table.clone();
    insert(grown, new Entry(key, hash, runtime));
    owners++;
    table = grown;
    return runtime;
  }

  private static ProbeRuntime find(Entry[] in, Object key, int hash) {
    int mask = in.length - 1;
    for (int i = hash & mask; in[i] != null; i = (i + 1) & mask) {
      if (in[i].hash == hash && in[i].owner.get() == key) {
        return in[i].runtime;
      }
    }
    return null;
  }

  private static void insert(Entry[] into, Entry entry) {
    int mask = into.length - 1;
    int i = entry.hash & mask;
    while (into[i] != null) {
      i = (i + 1) & mask;
    }
    into[i] = entry;
  }

  /** A table of {@code length} slots with the live owners of the current one. */
  private Entry[] rebuilt(int length) {
    Entry[] rebuilt = new Entry[length];
    owners = 0;
    for (Entry entry : table) {
      if (entry != null && entry.owner.get() != null) {
        insert(rebuilt, entry);
        owners++;
      }
    }
    return rebuilt;
  }

  private String label() {
    if (!settings.threadNames()) {
      return Integer.toString(models);
    }
    String name = Thread.currentThread().getName();
    String label = name;
    for (int n = 2; taken(label); n++) {
      label = name + "#" + n;
    }
    return label;
  }

  private boolean taken(String label) {
    for (ProbeRuntime runtime : runtimes) {
      if (runtime.model().equals(label)) {
        return true;
      }
    }
    return OVERFLOW.equals(label);
  }

  private ProbeRuntime newModel(String label) {
    ProbeRuntime runtime = factory.apply(label);
    models++;
    List<ProbeRuntime> grown = new ArrayList<>(runtimes);
    grown.add(overflow == null ? grown.size() : grown.size() - 1, runtime);
    runtimes = List.copyOf(grown);
    return runtime;
  }

  private ProbeRuntime overflow() {
    if (overflow == null) {
      overflow = factory.apply(OVERFLOW);
      List<ProbeRuntime> grown = new ArrayList<>(runtimes);
      grown.add(overflow);
      runtimes = List.copyOf(grown);
      AgentLog.info(
          "probe " + probe + ": more than " + settings.max() + " models (models.max); the calls of"
              + " further models count as model=\"" + OVERFLOW + "\". If the trainer makes a new"
              + " object for every call, set models.by=thread or models.by=none");
    }
    return overflow;
  }

  /**
   * The first model's runtime, made (and reserved for the first owner that calls) if no call came
   * yet: where errors found before any call, such as a class that could not be instrumented, count.
   */
  public synchronized ProbeRuntime first() {
    if (runtimes.isEmpty()) {
      reserved = newModel(label());
    }
    return runtimes.get(0);
  }

  /** Counts an error found outside a call (e.g. instrumentation) on the first model. */
  public void countError(ProbeErrorReason reason) {
    first().countError(reason);
  }

  /** The models' runtimes so far, in first-seen order ({@link #OVERFLOW} last). */
  public List<ProbeRuntime> runtimes() {
    return runtimes;
  }

  /** A known owner and its model's runtime. */
  private static final class Entry {
    final WeakReference<Object> owner;
    final int hash;
    final ProbeRuntime runtime;

    Entry(Object owner, int hash, ProbeRuntime runtime) {
      this.owner = new WeakReference<>(owner);
      this.hash = hash;
      this.runtime = runtime;
    }
  }
}
