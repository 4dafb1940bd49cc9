package dev.nfiwatch.it;

import dev.nfiwatch.agent.bridge.BridgeSink;
import java.util.Arrays;

/**
 * The in-JVM overhead harness's wrapper around the agent's bridge sink: on the training thread it
 * counts the probe's calls and, in blocks of a fixed number of calls, either forwards each call to
 * the agent (connected) or drops it (disconnected), and times the blocks. Both states pay the same
 * wrapper cost: a few counters and two {@link System#nanoTime} per call; nothing is allocated per
 * call.
 *
 * <p>The first {@code warmUp} calls are forwarded and not timed. Then block {@code b} (calls {@code
 * warmUp + b·blockSize} on) is connected when {@link #connected(long)} says so: C D D C, C D D C, …
 * (ABBA), so that a drift linear in time cancels within every four blocks. A call's interval runs
 * from its arrival to the next call's arrival (its forwarding, the rest of the training step and
 * the next step up to its backward), so it carries the cost of its own state. The first {@code
 * untimed} intervals of each block are not timed: the background analysis thread is still finishing
 * the previous block's last call, or has gone to sleep and must be woken. Per block the harness gets
 * the wall time of its timed intervals and the part of it spent inside the agent's sink.
 *
 * <p>One training thread calls {@link #onBackward}; another thread may read the finished blocks
 * ({@link #completedBlocks()} is published after the block's numbers). Blocks beyond the capacity
 * are forwarded and not timed.
 */
final class SwitchingSink implements BridgeSink {

  private final BridgeSink agent;
  private final int warmUp;
  private final int blockSize;
  private final int untimed;
  private final long[] blockNanos;
  private final long[] probeNanos;

  /** Per call, when traced: the interval from its arrival to the next call's, in ns (saturated). */
  private final int[] traceIntervals;
  /** Per call, when traced: its time inside the agent's sink (or between the clock reads), in ns. */
  private final int[] traceProbe;

  private long calls;
  private long forwarded;
  private long previousArrival;
  /** The current block, -1 during the warm-up. */
  private int block = -1;
  /** The call's position within the current block. */
  private int position;
  private long blockStart;
  private long probeSum;
  private volatile int completedBlocks;

  /**
   * @param agent the agent's sink, called in the connected state
   * @param warmUp calls forwarded, untimed, before the first block
   * @param blockSize calls per block
   * @param untimed intervals not timed at the start of each block (less than {@code blockSize})
   * @param capacity blocks recorded at most
   * @param traceCalls calls whose interval and probe time are kept one by one (0: none)
   */
  SwitchingSink(
      BridgeSink agent, int warmUp, int blockSize, int untimed, int capacity, int traceCalls) {
    if (warmUp < 0 || blockSize < 1 || untimed < 0 || untimed >= blockSize || capacity < 1) {
      throw new IllegalArgumentException(
          "bad schedule: warm-up " + warmUp + ", block " + blockSize + ", untimed " + untimed);
    }
    this.agent = agent;
    this.warmUp = warmUp;
    this.blockSize = blockSize;
    this.untimed = untimed;
    this.blockNanos = new long[capacity];
    this.probeNanos = new long[capacity];
    this.traceIntervals = new int[traceCalls];
    this.traceProbe = new int[traceCalls];
  }

  /** Whether block {@code b} forwards its calls to the agent: C D D C repeated. */
  static boolean connected(long b) {
    return ((b + 1) / 2) % 2 == 0;
  }

  @Override
  public void onBackward(
      int probe,
      Object owner,
      Object logits,
      Object labels,
      Object gradient,
      Object classifierWeights,
      Object classifierInput,
      String format) {
    long now = System.nanoTime();
    long call = calls++;
    if (call > 0 && call <= traceIntervals.length) {
      traceIntervals[(int) call - 1] = (int) Math.min(Integer.MAX_VALUE, now - previousArrival);
    }
    previousArrival = now;
    boolean forward;
    boolean timed = false;
    if (block < 0) {
      forward = true;
      if (call == warmUp) { // this call opens block 0
        block = 0;
        position = 0;
        forward = connected(0);
        timed = startCall(now);
      }
    } else if (block >= blockNanos.length) {
      forward = true; // past the capacity: an ordinary agent run
    } else {
      if (++position == blockSize) {
        blockNanos[block] = now - blockStart;
        probeNanos[block] = probeSum;
        completedBlocks = block + 1;
        block++;
        position = 0;
      }
      if (block >= blockNanos.length) {
        forward = true;
      } else {
        forward = connected(block);
        timed = startCall(now);
      }
    }
    if (forward) {
      forwarded++;
      agent.onBackward(
          probe, owner, logits, labels, gradient, classifierWeights, classifierInput, format);
    }
    long after = System.nanoTime();
    if (timed) {
      probeSum += after - now;
    }
    if (call < traceProbe.length) {
      traceProbe[(int) call] = (int) Math.min(Integer.MAX_VALUE, after - now);
    }
  }

  /** Starts the block's timing at its first timed call; whether this call is timed. */
  private boolean startCall(long now) {
    if (position == untimed) {
      blockStart = now;
      probeSum = 0;
    }
    return position >= untimed;
  }

  /** The traced calls' intervals, in ns (call i's entry is final once call i + 1 arrived). */
  int[] traceIntervals() {
    return traceIntervals;
  }

  /** The traced calls' time inside the agent's sink, in ns. */
  int[] traceProbe() {
    return traceProbe;
  }

  /** Calls seen so far (read from another thread: approximate). */
  long calls() {
    return calls;
  }

  /** Calls forwarded to the agent so far. */
  long forwarded() {
    return forwarded;
  }

  /** Blocks whose numbers are final. */
  int completedBlocks() {
    return completedBlocks;
  }

  /** Timed intervals per block. */
  int timedPerBlock() {
    return blockSize - untimed;
  }

  /** Wall time of each completed block's timed intervals, in ns (a copy). */
  long[] blockNanos() {
    int n = completedBlocks;
    return Arrays.copyOf(blockNanos, n);
  }

  /** Time inside the agent's sink (or, disconnected, between the two clock reads) per block, in ns. */
  long[] probeNanos() {
    int n = completedBlocks;
    return Arrays.copyOf(probeNanos, n);
  }
}
