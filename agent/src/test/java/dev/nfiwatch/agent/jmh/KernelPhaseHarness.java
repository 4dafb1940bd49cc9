package dev.nfiwatch.agent.jmh;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchAnalyzer;
import dev.nfiwatch.agent.analysis.BatchStats;
import java.util.Arrays;

/**
 * Tells the machine's slow stretches from the analysis kernel's own cost. On a shared virtual
 * machine the kernel's JMH forks are bimodal; this harness alternates, inside one JVM, windows of
 * the kernel ({@link BatchAnalyzer#analyze}) with windows of a plain four-lane sum over the same
 * two arrays, and prints both per element for each window. If the kernel slows while the sum does
 * not, with the same compiled code, the slowdown is the machine's treatment of the kernel's kind
 * of code (compares, conversions, multiply-adds), not a JIT or layout accident. Not a test; see
 * BENCHMARKS.md for the command.
 *
 * <p>Arguments: {@code [shape [seconds [windowMillis]]]}, shape one of {@code float512x97} (default),
 * {@code float256x1000}, {@code double512x97}, {@code double256x1000}; 20 s; 100 ms windows. The
 * first 2 s are warm-up and not reported.
 */
public final class KernelPhaseHarness {

  private static final long WARMUP_NANOS = 2_000_000_000L;

  private static volatile double sink;

  private KernelPhaseHarness() {}

  /** Runs the harness (see the class description for the arguments). */
  public static void main(String[] args) {
    String shape = args.length > 0 ? args[0] : "float512x97";
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
    long window = (args.length > 2 ? Long.parseLong(args[2]) : 100) * 1_000_000L;
    if (!shape.matches("(float|double)(512x97|256x1000)")) {
      throw new IllegalArgumentException(
          "shape: " + shape + " (allowed: float512x97, float256x1000, double512x97, double256x1000)");
    }
    boolean small = shape.endsWith("512x97");
    int batch = small ? 512 : 256;
    int classes = small ? 97 : 1000;
    BatchAnalyzerBenchmark.Call call =
        BatchAnalyzerBenchmark.call(batch, classes, shape.startsWith("float"));
    BatchAnalyzer analyzer = new BatchAnalyzer(AnalysisSpec.DEMO);
    BatchStats stats = new BatchStats();
    double elements = (double) batch * classes;
    int capacity = (int) (seconds * 1_000_000_000L / (2 * window)) + 1;
    double[] kernel = new double[capacity];
    double[] sum = new double[capacity];
    int windows = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    System.out.println("window  kernel ns/element  sum ns/element");
    while (System.nanoTime() < end && windows < capacity) {
      long t0 = System.nanoTime();
      long calls = 0;
      while (System.nanoTime() - t0 < window) {
        analyzer.analyze(call.logits, call.labels, call.gradient, null, stats);
        calls++;
      }
      long t1 = System.nanoTime();
      long sums = 0;
      double total = 0;
      while (System.nanoTime() - t1 < window) {
        total += plainSum(call.logits, call.gradient);
        sums++;
      }
      long t2 = System.nanoTime();
      sink = total + stats.loss();
      if (t0 - start < WARMUP_NANOS) {
        continue;
      }
      kernel[windows] = (t1 - t0) / (calls * elements);
      sum[windows] = (t2 - t1) / (sums * elements);
      System.out.printf("%6d  %17.3f  %14.3f%n", windows, kernel[windows], sum[windows]);
      windows++;
    }
    double kernelMedian = median(kernel, windows);
    double sumMedian = median(sum, windows);
    System.out.printf(
        "%s: %d windows, median kernel %.3f ns/element, median sum %.3f ns/element, kernel/sum %.2f%n",
        shape, windows, kernelMedian, sumMedian, kernelMedian / sumMedian);
  }

  /** Four-lane sums of both arrays: the same reads as the kernel, adds only. */
  private static double plainSum(Object logits, Object gradient) {
    if (logits instanceof float[]) {
      float[] z = (float[]) logits;
      float[] g = (float[]) gradient;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      float t0 = 0;
      float t1 = 0;
      float t2 = 0;
      float t3 = 0;
      for (int i = 0; i + 3 < z.length; i += 4) {
        s0 += g[i];
        s1 += g[i + 1];
        s2 += g[i + 2];
        s3 += g[i + 3];
        t0 += z[i];
        t1 += z[i + 1];
        t2 += z[i + 2];
        t3 += z[i + 3];
      }
      return s0 + s1 + s2 + s3 + t0 + t1 + t2 + t3;
    }
    double[] z = (double[]) logits;
    double[] g = (double[]) gradient;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double t0 = 0;
    double t1 = 0;
    double t2 = 0;
    double t3 = 0;
    for (int i = 0; i + 3 < z.length; i += 4) {
      s0 += g[i];
      s1 += g[i + 1];
      s2 += g[i + 2];
      s3 += g[i + 3];
      t0 += z[i];
      t1 += z[i + 1];
      t2 += z[i + 2];
      t3 += z[i + 3];
    }
    return s0 + s1 + s2 + s3 + t0 + t1 + t2 + t3;
  }

  private static double median(double[] values, int n) {
    if (n == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return (n & 1) == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
