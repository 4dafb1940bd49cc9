package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.DaemonThreads;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Moves a probe's analysis off the training thread: the training thread copies a call's arrays
 * into a free slot of a ring (3 to 16 slots, about {@link #RING_BYTES} bytes together) and goes on;
 * one daemon thread analyses the slots in call order. The training thread's cost per call is then
 * one read of the arrays (the copy) instead of the whole analysis, which runs on another core when
 * the machine has one free. The ring is sized at the first call and again when the calls' size
 * changes while no call waits; only then does it allocate.
 *
 * <p>Handing over takes no lock and, while calls keep coming, no system call: the training thread
 * publishes a slot with a volatile write, and the analysis thread polls with parks. Waking a
 * sleeping thread is a system call and, on a virtual machine, a wake-up of the other virtual CPU
 * through the hypervisor, so the training thread wakes the analysis thread only after it has gone to
 * sleep, idle for {@value #SLEEP_AFTER_NANOS} ns (a job that calls less often than that pays one
 * wake-up per call, a small share of its long steps), or when more calls wait than the analysis
 * thread looks for at once (it overslept: the calls came faster than it expected).
 *
 * <p>Each park of the analysis thread is a wake-up of its virtual CPU too, and on a machine whose
 * two virtual CPUs share a physical core (or one host CPU) every wake-up takes time from the
 * training thread. So the analysis thread paces its polls by the calls: it keeps an estimate of the
 * interval between calls (from their arrival times, falling fast and rising at most 1/8 per call)
 * and, once idle, parks once until a quarter interval after the calls it looks for are due; only if
 * they are late does it poll with short parks that grow from {@value #MIN_PARK_NANOS} ns to {@value
 * #MAX_PARK_NANOS} ns. It looks for one call, or for as many as arrive in about {@value
 * #LOOK_EVERY_NANOS} ns when calls come faster than that (at most half the ring), and then analyses
 * all that wait. Steady training then costs about one wake-up per call, or per {@value
 * #LOOK_EVERY_NANOS} ns for shorter steps, instead of one per short park. The pacing only decides
 * when the analysis thread looks: every call is analysed, in order, whatever the estimate.
 *
 * <p>When every slot is still waiting (the analysis is slower than the training steps), the training
 * thread waits for the oldest to be analysed: every call is analysed, in order, and the training
 * thread never spends longer than it would analysing inline. Only if the analysis stalls for {@link
 * #STALL_MILLIS} (a bug, never expected) is the call dropped, so that training goes on.
 *
 * <p>A library step is not copied but lent ({@link #lend}): its reader wrote it straight into
 * arrays that the slot keeps until the ring comes round, and gets a former slot's arrays back.
 *
 * <p>One producer at a time: the caller serialises {@link #handOver} and {@link #lend}. The thread starts with the
 * first call.
 */
final class BackgroundAnalysis {

  /** Slots in the ring at least: one being analysed, the others absorb a slow batch or a GC pause. */
  static final int MIN_SLOTS = 3;

  /** Slots in the ring at most. */
  static final int MAX_SLOTS = 16;

  /**
   * What the ring's slots should hold together, in bytes: more than the analysing core's own cache
   * (1–2 MiB per core on current x86 servers), so that a slot's buffers have left that cache before
   * the training thread writes the slot again. Writing lines another core still holds costs a
   * cross-core invalidation per line: with three slots of the demo's 111 KB calls the copy took ≈ 20
   * µs per call on the 2-vCPU test machine (≈ 2 µs with nobody reading the slots), with sixteen ≈ 8
   * µs (BENCHMARKS.md).
   */
  static final long RING_BYTES = 2L << 20;

  /** How long the training thread waits for a free slot before it drops the call. */
  static final long STALL_MILLIS = 10_000;

  private static final long SPIN_NANOS = 20_000;
  private static final long MIN_PARK_NANOS = 20_000;
  private static final long MAX_PARK_NANOS = 1_000_000;
  private static final long SLEEP_AFTER_NANOS = 20_000_000;

  /**
   * How often, at most, the analysis thread wakes while calls come faster: each wake-up of its CPU
   * took time from the training thread, 3–4 % of Tribuo's and Smile's 0.3 ms steps when it looked at
   * every call (BENCHMARKS.md, "Framework overhead").
   */
  static final long LOOK_EVERY_NANOS = 2_000_000;

  private final String probe;
  private final Consumer<CallCopy> analysis;
  private final CallCopy[] slots = new CallCopy[MAX_SLOTS];
  /**
   * Slots in use ({@link #slotsFor} the calls' size). Only the producer changes it, and only while
   * no call waits; the volatile write of {@code published} publishes it to the analysis thread.
   */
  private int slotCount = MIN_SLOTS;
  /** The call size slotCount was chosen for (only the producer reads and writes it). */
  private long slotBytes = -1;

  // Slot (n % slotCount) holds call n; calls [analysed, published) wait for or are in analysis.
  private volatile long published;
  private volatile long analysed;
  private volatile boolean workerSleeping;
  /** The calls the analysis thread looks for at once (it writes it, the producer reads it). */
  private volatile int callsPerLook = 1;
  private volatile Thread waitingProducer;
  private volatile Thread worker;
  private long waitedCalls; // only the producer reads and writes it

  // Only the analysis thread reads and writes these.
  private volatile long parks; // a test hook: how often it parked while calls kept coming
  private boolean anyArrival;
  private long lastArrival;
  private long interval;

  /**
   * @param probe the probe's name, for the thread name and the log
   * @param analysis analyses one copied call (on the background thread); must not keep the copy
   */
  BackgroundAnalysis(String probe, Consumer<CallCopy> analysis) {
    this.probe = probe;
    this.analysis = analysis;
    for (int i = 0; i < MAX_SLOTS; i++) {
      slots[i] = new CallCopy(); // empty until used: buffers grow at a slot's first call
    }
  }

  /**
   * Copies one call for analysis, first waiting for a free slot while every slot is taken; false
   * (nothing copied) if none frees within {@link #STALL_MILLIS}. Keeps the caller's interrupt
   * status.
   *
   * @see CallCopy#copy
   */
  boolean handOver(
      Object logits,
      Object labels,
      Object gradient,
      Object weights,
      Object features,
      String format) {
    CallCopy slot = claim(bytes(logits, labels, gradient, weights, features));
    if (slot == null) {
      return false;
    }
    slot.copy(logits, labels, gradient, weights, features, format);
    publish();
    return true;
  }

  /**
   * Lends a library step's arrays to the next slot, as {@link #handOver} copies a call: returns the
   * arrays for the reader's next step (those the slot held, analysed by now, or new ones), or null
   * (nothing lent, the reader keeps {@code step}) if no slot frees within {@link #STALL_MILLIS}.
   */
  StepArrays lend(StepArrays step) {
    CallCopy slot =
        claim(bytes(step.logits, step.labels, step.gradient, step.weights, step.features));
    if (slot == null) {
      return null;
    }
    StepArrays back = slot.lend(step);
    publish();
    return back != null ? back : new StepArrays();
  }

  /**
   * The slot of the next call, once free (resizing the ring first when the calls' size changed and
   * none waits, starting the thread at the first call); null if none frees in time.
   */
  private CallCopy claim(long bytes) {
    long call = published;
    if (bytes != slotBytes && call == analysed) { // first call, or new shapes: resize while empty
      resize(slotsFor(bytes));
      slotBytes = bytes;
    }
    if (call - analysed == slotCount) {
      waitedCalls++;
      if (!awaitFreeSlot(call)) {
        return null;
      }
    }
    if (worker == null) {
      Thread thread = DaemonThreads.newThread("analysis-" + probe, this::run);
      worker = thread;
      thread.start();
    }
    CallCopy slot = slots[(int) (call % slotCount)];
    slot.arrivalNanos = System.nanoTime();
    return slot;
  }

  /** Publishes the slot {@link #claim} gave, waking the analysis thread if it needs it. */
  private void publish() {
    long call = published;
    published = call + 1;
    if (workerSleeping || call - analysed >= callsPerLook) {
      LockSupport.unpark(worker); // asleep, or more calls wait than it looks for: it overslept
    }
  }

  /** The bytes a copy of one call's arrays takes. */
  static long bytes(
      Object logits, Object labels, Object gradient, Object weights, Object features) {
    return CallCopy.bytes(logits) + CallCopy.bytes(labels) + CallCopy.bytes(gradient)
        + CallCopy.bytes(weights) + CallCopy.bytes(features);
  }

  /** How often the analysis thread parked between calls (not while asleep); for tests. */
  long parks() {
    return parks;
  }

  /**
   * The slots for calls of {@code callBytes} bytes: enough to hold {@link #RING_BYTES} together,
   * from {@value #MIN_SLOTS} to {@value #MAX_SLOTS}.
   */
  static int slotsFor(long callBytes) {
    if (callBytes <= 0) {
      return MIN_SLOTS;
    }
    long slots = (RING_BYTES + callBytes - 1) / callBytes;
    return (int) Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, slots));
  }

  /** Slots in use. */
  int slots() {
    return slotCount;
  }

  /** Uses {@code count} slots from the next call on, dropping the buffers of those no longer used. */
  private void resize(int count) {
    for (int i = count; i < slotCount; i++) {
      slots[i].release();
    }
    slotCount = count;
  }

  /** Calls that found every slot taken and waited (the caller reads it to give up on background). */
  long waitedCalls() {
    return waitedCalls;
  }

  /**
   * Waits for a free slot: spins first (the oldest call is usually nearly analysed, and a park and
   * wake-up costs more), then parks until the analysis thread unparks it.
   */
  private boolean awaitFreeSlot(long call) {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (call - analysed == slotCount && System.nanoTime() < spinUntil) {
      Thread.onSpinWait();
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + STALL_MILLIS * 1_000_000L;
    waitingProducer = Thread.currentThread();
    try {
      while (call - analysed == slotCount) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        LockSupport.parkNanos(this, left);
        interrupted |= Thread.interrupted();
      }
      return true;
    } finally {
      waitingProducer = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits until every call handed over so far has been analysed, at most {@code timeoutMillis};
   * returns whether it has.
   */
  boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (analysed < published) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      LockSupport.unpark(worker);
      LockSupport.parkNanos(this, MAX_PARK_NANOS);
    }
    return true;
  }

  private void run() {
    long park = MIN_PARK_NANOS;
    long idleSince = System.nanoTime();
    long nextLook = 0; // when the next call is expected, plus a quarter interval
    while (true) {
      Thread.interrupted(); // nobody should interrupt this thread; a stray interrupt must not spin it
      long call = analysed;
      if (call < published) {
        CallCopy slot = slots[(int) (call % slotCount)];
        nextLook = expectCallAfter(slot.arrivalNanos);
        try {
          analysis.accept(slot);
        } catch (Throwable e) {
          // The analysis counts its own failures; this only keeps the thread alive.
          AgentLog.once(
              "background-" + probe, "probe " + probe + ": background analysis failed: " + e);
        }
        analysed = call + 1;
        Thread producer = waitingProducer;
        if (producer != null) {
          LockSupport.unpark(producer);
        }
        park = MIN_PARK_NANOS;
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince < SLEEP_AFTER_NANOS) {
        parks++;
        long untilLook = nextLook - System.nanoTime();
        if (untilLook > park) {
          LockSupport.parkNanos(this, Math.min(untilLook, SLEEP_AFTER_NANOS)); // then short parks
        } else {
          LockSupport.parkNanos(this, park);
          park = Math.min(2 * park, MAX_PARK_NANOS);
        }
      } else {
        workerSleeping = true;
        if (analysed == published) {
          LockSupport.park(this);
        }
        workerSleeping = false;
        park = MIN_PARK_NANOS;
        idleSince = System.nanoTime();
      }
    }
  }

  /**
   * Updates the interval estimate with a call that arrived at {@code arrival} and returns when to
   * look for the next calls ({@link #callsPerLook} of them): a quarter interval after the last is
   * due (at once while nothing is known). A shorter interval is followed halfway at once, a longer
   * one by at most 1/8 of the estimate per call, so that a pause in training (or a sleeping analysis
   * thread) hardly moves it.
   */
  private long expectCallAfter(long arrival) {
    if (anyArrival) {
      long gap = Math.max(0, arrival - lastArrival);
      if (interval == 0) {
        interval = Math.min(gap, SLEEP_AFTER_NANOS);
      } else if (gap < interval) {
        interval -= (interval - gap) / 2;
      } else {
        interval += Math.min(gap - interval, interval) / 8;
      }
    }
    anyArrival = true;
    lastArrival = arrival;
    if (interval == 0) {
      return 0;
    }
    int calls = (int) Math.max(1, Math.min(slotCount / 2, LOOK_EVERY_NANOS / interval));
    callsPerLook = calls;
    return arrival + calls * interval + interval / 4;
  }
}
