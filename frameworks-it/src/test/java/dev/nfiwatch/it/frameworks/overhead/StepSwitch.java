package dev.nfiwatch.it.frameworks.overhead;

import dev.nfiwatch.agent.bridge.FrameworkBridge;
import dev.nfiwatch.agent.bridge.FrameworkSink;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Wraps the agent's framework sink on the training thread and switches it in whole library steps:
 * a step ends with the library's boundary event (Tribuo's {@code update}, the end of DL4J's output
 * layer backpropagation, Smile's {@code update} or online step). After {@code warmUp} steps
 * (forwarded, untimed) it runs blocks of {@code blockSteps} steps that either forward every event to
 * the agent (connected) or drop it (disconnected), C D D C repeated (ABBA), and takes each block's
 * training-thread CPU time and wall time from the end of its first {@code untimed} steps to its
 * end. Switching at step boundaries hands the agent only whole steps. Both states pay the same
 * wrapper cost (a counter per event, two clock reads per step).
 *
 * <p>{@link #metering} instead forwards everything and counts the bytes the training thread
 * allocates inside the agent's sink after the warm-up: the readers' steady-state allocation.
 */
public final class StepSwitch implements FrameworkSink {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final FrameworkSink agent;
  private final boolean alternate;
  private final long warmUp;
  private final int blockSteps;
  private final int untimed;
  private final long[] cpu;
  private final long[] wall;
  private long steps;
  private boolean forward = true;
  private long cpuStart;
  private long wallStart;
  private volatile int completed;
  private long allocated;
  private long meteredEvents;
  private final StringBuilder allocations = new StringBuilder();
  private int allocatingEvents;

  private StepSwitch(
      FrameworkSink agent, boolean alternate, long warmUp, int blockSteps, int untimed, int blocks) {
    if (blockSteps < 1 || untimed < 0 || untimed >= blockSteps || blocks < 0 || warmUp < 0) {
      throw new IllegalArgumentException(
          "bad schedule: block " + blockSteps + ", untimed " + untimed + ", blocks " + blocks);
    }
    this.agent = agent;
    this.alternate = alternate;
    this.warmUp = warmUp;
    this.blockSteps = blockSteps;
    this.untimed = untimed;
    this.cpu = new long[blocks];
    this.wall = new long[blocks];
  }

  /** Installs a switch around the agent's sink: ABBA blocks after {@code warmUp} steps. */
  public static StepSwitch alternating(long warmUp, int blockSteps, int untimed, int blocks) {
    StepSwitch wrapper = new StepSwitch(agentSink(), true, warmUp, blockSteps, untimed, blocks);
    FrameworkBridge.install(wrapper);
    return wrapper;
  }

  /** Installs a wrapper that forwards everything and meters allocation after {@code warmUp} steps. */
  public static StepSwitch metering(long warmUp) {
    StepSwitch wrapper = new StepSwitch(agentSink(), false, warmUp, 1, 0, 0);
    FrameworkBridge.install(wrapper);
    return wrapper;
  }

  /** The agent's sink; fails when this JVM runs without the agent or its framework probes. */
  private static FrameworkSink agentSink() {
    if (FrameworkBridge.class.getClassLoader() != null) {
      throw new IllegalStateException(
          "no nfiwatch bridge on the bootstrap class path: start this JVM with -javaagent:nfiwatch-agent.jar");
    }
    FrameworkSink sink = FrameworkBridge.installedSink();
    if (sink == null) {
      throw new IllegalStateException("the agent installed no framework sink (probes off?)");
    }
    return sink;
  }

  /** Whether block {@code b} forwards to the agent: C D D C repeated. */
  static boolean connected(long b) {
    return ((b + 1) / 2) % 2 == 0;
  }

  @Override
  public void onEvent(int event, Object subject, Object first, Object second, Object third) {
    if (forward) {
      if (!alternate && steps >= warmUp) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        agent.onEvent(event, subject, first, second, third);
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (bytes != 0 && allocatingEvents++ < 8) {
          allocations.append(" step ").append(steps).append(" event ").append(event).append(": ")
              .append(bytes).append(" B;");
        }
        allocated += bytes;
        meteredEvents++;
      } else {
        agent.onEvent(event, subject, first, second, third);
      }
    }
    if (event == FrameworkBridge.TRIBUO_UPDATE
        || event == FrameworkBridge.DL4J_LAYER_EXIT
        || event == FrameworkBridge.SMILE_ONLINE_STEP
        || event == FrameworkBridge.SMILE_UPDATE) {
      endStep();
    }
  }

  private void endStep() {
    long done = ++steps - warmUp;
    if (!alternate || done < 0) {
      return;
    }
    long block = done / blockSteps;
    long position = done % blockSteps;
    if (position == 0 && block > 0 && block <= cpu.length) {
      cpu[(int) block - 1] = THREADS.getCurrentThreadCpuTime() - cpuStart;
      wall[(int) block - 1] = System.nanoTime() - wallStart;
      completed = (int) block;
    }
    if (block >= cpu.length) {
      forward = true;
      return;
    }
    if (position == untimed) {
      cpuStart = THREADS.getCurrentThreadCpuTime();
      wallStart = System.nanoTime();
    }
    forward = connected(block);
  }

  /** Library steps seen so far. */
  public long steps() {
    return steps;
  }

  /** Blocks whose times are final. */
  public int completedBlocks() {
    return completed;
  }

  /** Training-thread CPU time of each completed block's timed steps, in ns. */
  public long[] cpuNanos() {
    return Arrays.copyOf(cpu, completed);
  }

  /** Wall time of each completed block's timed steps, in ns. */
  public long[] wallNanos() {
    return Arrays.copyOf(wall, completed);
  }

  /** Bytes the training thread allocated inside the agent's sink after the warm-up (metering). */
  public long allocatedBytes() {
    return allocated;
  }

  /**
   * Prints {@code agentAllocatedBytes}, {@code agentMeteredEvents}, {@code agentAllocatingEvents}
   * (how many of them allocated) and {@code agentAllocations}, the first 8 of those (metering).
   */
  public void printMetering() {
    System.out.println("agentAllocatedBytes=" + allocated);
    System.out.println("agentMeteredEvents=" + meteredEvents);
    System.out.println("agentAllocatingEvents=" + allocatingEvents);
    System.out.println("agentAllocations=" + allocations);
  }

  /** Events forwarded and metered after the warm-up (metering). */
  public long meteredEvents() {
    return meteredEvents;
  }
}
