package dev.nfiwatch.it;

import dev.nfiwatch.agent.bridge.Bridge;
import dev.nfiwatch.agent.bridge.BridgeSink;
import dev.nfiwatch.demo.DemoTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Measures the agent's overhead on the demo trainer inside one JVM. Separate JVM runs of the
 * identical demo differ by tens of per cent here ({@link OverheadHarness}), far more than the 1 %
 * target, so this harness compares adjacent blocks of training steps in the same run instead: it is
 * the main class of a JVM started with the shaded agent ({@code -javaagent:nfiwatch-agent.jar=port=0}
 * and any further agent arguments), wraps the agent's bridge sink in a {@link SwitchingSink}, runs
 * the demo trainer in-process ({@link DemoTrainer#run}) and alternates blocks of steps with the
 * probe connected and disconnected (ABBA). It prints the steps/s ratio disconnected / connected
 * (1.00 = no overhead) with a 95 % interval ({@link AbSummary}). Not a test: run it with {@code
 * -Poverhead-injvm} (see BENCHMARKS.md).
 *
 * <p>What it measures: the agent's steady-state cost per training step, on the training thread and
 * through the background analysis competing for the cores. What it does not: start-up, class
 * loading and instrumentation (before the first block), the agent's JIT warm-up (the warm-up calls
 * are forwarded but not timed), and anything the agent does per call that a disconnected block does
 * not undo (the HTTP server and metrics are idle in both). The agent sees only the connected calls,
 * so its metrics in such a run mean nothing.
 *
 * <p>Arguments: the demo's arguments (none: its defaults). System properties: {@code
 * overhead.block} steps per block (100), {@code overhead.warmup} steps before the first block (1000),
 * {@code overhead.untimed} steps not timed at the start of each block (5), {@code overhead.trace} a
 * CSV file for every call's interval and time in the probe (none).
 */
public final class InJvmOverheadHarness {

  private static final String BRIDGE = "dev.nfiwatch.agent.bridge.Bridge";
  private static final String ANALYSIS_THREAD = "nfiwatch-analysis-";
  private static final long PROGRESS_MILLIS = 5_000;
  private static final int CAPACITY = 1 << 16;
  private static final int TRACE_CALLS = 1 << 20;

  private InJvmOverheadHarness() {}

  public static void main(String[] args) throws Exception {
    int block = Integer.getInteger("overhead.block", 100);
    int warmUp = Integer.getInteger("overhead.warmup", 1000);
    int untimed = Integer.getInteger("overhead.untimed", 5);
    awaitBootstrapBridge();
    String trace = System.getProperty("overhead.trace", "");
    SwitchingSink sink =
        Connection.wrapAgent(warmUp, block, untimed, trace.isEmpty() ? 0 : TRACE_CALLS);
    System.out.printf(
        Locale.ROOT,
        "in-jvm overhead: probe wrapped; warm-up %d steps, then blocks of %d steps (first %d"
            + " untimed), connected/disconnected as C D D C …%n",
        warmUp, block, untimed);
    Thread progress = new Thread(() -> progress(sink), "overhead-progress");
    progress.setDaemon(true);
    progress.start();
    System.setProperty("java.awt.headless", "true");
    int code = DemoTrainer.run(args, System.out, System.err, false);
    progress.interrupt();
    if (code != 0) {
      System.err.println("in-jvm overhead: the demo exited with code " + code);
      System.exit(code);
    }
    report(sink, block, warmUp, untimed);
    reportAnalysisThread(sink);
    if (!trace.isEmpty()) {
      writeTrace(sink, warmUp, block, untimed, Paths.get(trace));
    }
  }

  /**
   * The background analysis thread's CPU time and, on Linux, its voluntary context switches (each a
   * wake-up of its virtual CPU), against the calls the agent saw.
   */
  private static void reportAnalysisThread(SwitchingSink sink) throws IOException {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith(ANALYSIS_THREAD)) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(
            Locale.ROOT,
            "in-jvm overhead: %s: %.3f s CPU, %s wake-ups (voluntary context switches) for %d"
                + " calls forwarded to the agent%n",
            thread.getName(), threads.getThreadCpuTime(thread.getId()) / 1e9,
            contextSwitches(), sink.forwarded());
      }
    }
  }

  /** The analysis thread's voluntary context switches from /proc, or "?" elsewhere. */
  private static String contextSwitches() throws IOException {
    Path tasks = Paths.get("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return "?";
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
      for (Path task : all) {
        // comm holds the first 15 characters of the thread's name.
        if (ANALYSIS_THREAD.startsWith(Files.readString(task.resolve("comm")).trim())) {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              return line.substring(line.indexOf(':') + 1).trim();
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // a thread ended while listed: no number
    }
    return "?";
  }

  /** One CSV line per call: call, block (-1: warm-up), connected, timed, interval_ns, probe_ns. */
  private static void writeTrace(
      SwitchingSink sink, int warmUp, int block, int untimed, Path file) throws IOException {
    int[] intervals = sink.traceIntervals();
    int[] probe = sink.traceProbe();
    long calls = Math.min(sink.calls() - 1, intervals.length);
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      out.println("call,block,connected,timed,interval_ns,probe_ns");
      for (int i = 0; i < calls; i++) {
        long b = i < warmUp ? -1 : (i - warmUp) / block;
        boolean connected = b < 0 || SwitchingSink.connected(b);
        boolean timed = b >= 0 && (i - warmUp) % block >= untimed;
        out.printf(
            Locale.ROOT, "%d,%d,%d,%d,%d,%d%n",
            i, b, connected ? 1 : 0, timed ? 1 : 0, intervals[i], probe[i]);
      }
    }
    System.out.println("in-jvm overhead: per-call trace in " + file);
  }

  /** The agent injects its bridge into the bootstrap loader in premain; without it, stop. */
  private static void awaitBootstrapBridge() {
    try {
      Class.forName(BRIDGE, false, null);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "no nfiwatch bridge on the bootstrap class path: start this JVM with"
              + " -javaagent:agent/target/nfiwatch-agent.jar=port=0",
          e);
    }
  }

  private static void progress(SwitchingSink sink) {
    try {
      while (true) {
        Thread.sleep(PROGRESS_MILLIS);
        long[] blocks = sink.blockNanos();
        AbSummary now = AbSummary.of(blocks, sink.probeNanos(), sink.timedPerBlock());
        System.out.printf(
            Locale.ROOT,
            "in-jvm overhead: %d steps, %d blocks, running ratio %.4f over %d quads%n",
            sink.calls(), blocks.length, now.ratio(), now.quads());
      }
    } catch (InterruptedException e) {
      // training done
    }
  }

  private static void report(SwitchingSink sink, int block, int warmUp, int untimed) {
    AbSummary s = AbSummary.of(sink.blockNanos(), sink.probeNanos(), sink.timedPerBlock());
    long timed = 2L * s.quads() * sink.timedPerBlock();
    System.out.println("in-jvm overhead, per arm (whole ABBA quads only):");
    System.out.printf(
        Locale.ROOT, "  %-13s %6s %11s %9s %10s %14s%n",
        "arm", "blocks", "timed steps", "steps/s", "us/step", "in probe us/step");
    System.out.printf(
        Locale.ROOT, "  %-13s %6d %11d %9.1f %10.1f %14.2f%n",
        "connected", 2 * s.quads(), timed, s.connectedStepsPerSecond(),
        1e6 / s.connectedStepsPerSecond(), s.connectedProbeMicros());
    System.out.printf(
        Locale.ROOT, "  %-13s %6d %11d %9.1f %10.1f %14.2f%n",
        "disconnected", 2 * s.quads(), timed, s.disconnectedStepsPerSecond(),
        1e6 / s.disconnectedStepsPerSecond(), s.disconnectedProbeMicros());
    StringBuilder quads = new StringBuilder();
    for (double r : s.quadRatios()) {
      quads.append(String.format(Locale.ROOT, " %.3f", r));
    }
    System.out.println("  ratio per quad:" + quads);
    System.out.printf(
        Locale.ROOT,
        "in-jvm overhead: ratio %.4f (95%% interval %.4f-%.4f over %d ABBA quads), median pair"
            + " ratio %.4f; steps/s disconnected %.1f, connected %.1f; blocks of %d steps (%d"
            + " untimed), warm-up %d%n",
        s.ratio(), s.low(), s.high(), s.quads(), s.medianPairRatio(),
        s.disconnectedStepsPerSecond(), s.connectedStepsPerSecond(), block, untimed, warmUp);
  }

  /**
   * Touches the bridge classes; loaded only once they are known to be on the bootstrap path, so
   * that they resolve there and not from the agent jar on the class path.
   */
  private static final class Connection {
    private static final long WAIT_MILLIS = 10_000;

    static SwitchingSink wrapAgent(int warmUp, int block, int untimed, int traceCalls)
        throws InterruptedException {
      if (Bridge.class.getClassLoader() != null) {
        throw new IllegalStateException("the bridge resolved outside the bootstrap class loader");
      }
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      BridgeSink agent;
      while ((agent = Bridge.installedSink()) == null) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the agent installed no bridge sink (is it enabled?)");
        }
        Thread.sleep(10);
      }
      SwitchingSink sink = new SwitchingSink(agent, warmUp, block, untimed, CAPACITY, traceCalls);
      Bridge.install(sink);
      return sink;
    }
  }
}
