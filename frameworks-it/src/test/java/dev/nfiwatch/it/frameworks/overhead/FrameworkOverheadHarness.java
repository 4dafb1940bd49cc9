package dev.nfiwatch.it.frameworks.overhead;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures the agent's overhead on a library's training loop inside one JVM. The JVM runs with the
 * shaded agent; the harness wraps the agent's framework sink in a {@link StepSwitch} and runs a
 * workload in-process, which alternates blocks of library steps with the probe connected and
 * disconnected (ABBA). It prints the training-thread CPU and wall ratios, connected over
 * disconnected (1.00 = no overhead), with 95 % intervals and median quad ratios ({@link AbbaRatio}).
 * Separate JVM runs differ by more than the few per cent to resolve (JIT, heap and placement), so
 * the comparison is made on adjacent blocks of one run. Not a test: the commands are in
 * BENCHMARKS.md, "Framework overhead".
 *
 * <p>What the disconnected arm still pays: the advice inlined into the library and the bridge call
 * into the (dropping) switch, a static call and a volatile read per event. Everything the agent does
 * with the event (the readers' copy on the training thread, the analysis on its background thread
 * competing for the cores) is in the connected arm only.
 *
 * <p>Arguments: {@code workloadClass workloadArgs…}; the workload has a static {@code train(long
 * steps, String[] args)} that trains at least {@code steps} library steps. System properties:
 * {@code overhead.block} steps per block (50), {@code overhead.warmup} steps before the first block
 * (300), {@code overhead.untimed} steps not timed at the start of each block (2), {@code
 * overhead.quads} ABBA quads (10).
 */
public final class FrameworkOverheadHarness {

  private FrameworkOverheadHarness() {}

  public static void main(String[] args) throws Exception {
    int block = Integer.getInteger("overhead.block", 50);
    int warmUp = Integer.getInteger("overhead.warmup", 300);
    int untimed = Integer.getInteger("overhead.untimed", 2);
    int quads = Integer.getInteger("overhead.quads", 10);
    Method train =
        Class.forName(args[0]).getMethod("train", long.class, String[].class);
    String[] workloadArgs = Arrays.copyOfRange(args, 1, args.length);
    StepSwitch steps = StepSwitch.alternating(warmUp, block, untimed, 4 * quads);
    System.out.printf(
        Locale.ROOT,
        "framework overhead: %s %s; warm-up %d steps, then %d quads of C D D C blocks of %d steps"
            + " (first %d untimed)%n",
        args[0], String.join(" ", workloadArgs), warmUp, quads, block, untimed);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    train.invoke(null, (long) warmUp + 4L * quads * block + 1, workloadArgs);
    System.out.printf(
        Locale.ROOT, "framework overhead: %d steps in %.1f s (training thread %.1f s CPU)%n",
        steps.steps(), (System.nanoTime() - wall) / 1e9,
        (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
    if (steps.completedBlocks() < 4 * quads) {
      throw new IllegalStateException(
          "the workload trained " + steps.steps() + " steps, " + steps.completedBlocks()
              + " blocks of " + 4 * quads + " done");
    }
    AbbaRatio cpuRatio = AbbaRatio.of(steps.cpuNanos(), block - untimed);
    AbbaRatio wallRatio = AbbaRatio.of(steps.wallNanos(), block - untimed);
    System.out.println("  CPU ratio per quad: " + join(cpuRatio.quads));
    System.out.println("  wall ratio per quad:" + join(wallRatio.quads));
    System.out.println("framework overhead: " + cpuRatio.line("thread CPU"));
    System.out.println("framework overhead: " + wallRatio.line("wall"));
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("nfiwatch-analysis-")) {
        System.out.printf(
            Locale.ROOT, "framework overhead: %s: %.2f s CPU over the run%n",
            thread.getName(), threads.getThreadCpuTime(thread.getId()) / 1e9);
      }
    }
  }

  private static String join(double[] values) {
    StringBuilder out = new StringBuilder();
    for (double v : values) {
      out.append(String.format(Locale.ROOT, " %.3f", v));
    }
    return out.toString();
  }
}
