package dev.nfiwatch.it.frameworks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Times a trainer's training loop for the overhead benchmark: wall time, and the training thread's
 * CPU time, which other processes on a shared machine disturb far less. The agent's analysis runs
 * on the training thread, so its cost is in both.
 */
public final class TrainingClock {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long wallStart = System.nanoTime();
  private final long cpuStart = THREADS.getCurrentThreadCpuTime();

  /** Prints {@code trainMillis} and {@code trainCpuMillis} since construction (same thread). */
  public void print() {
    long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
    System.out.println("trainMillis=" + (System.nanoTime() - wallStart) / 1_000_000);
    System.out.println("trainCpuMillis=" + cpu / 1_000_000);
  }
}
