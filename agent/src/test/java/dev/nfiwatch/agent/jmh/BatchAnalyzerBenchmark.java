package dev.nfiwatch.agent.jmh;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchAnalyzer;
import dev.nfiwatch.agent.analysis.BatchStats;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The analysis kernel on one backward call's arrays, per element (batch × classes): 512 × 97 and
 * 256 × 1000, float and double, and the demo's default 288 × 31. Logits are trained-looking: the correct class leads by a gap spread
 * over 0–30 nats, so healthy, partial and absorbed samples all occur. Not a test; run with
 * {@code -prof gc} (see BENCHMARKS.md) to see the allocation rate too.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchAnalyzerBenchmark {

  private static final int SMALL_BATCH = 512;
  private static final int SMALL_CLASSES = 97;
  private static final int LARGE_BATCH = 256;
  private static final int LARGE_CLASSES = 1000;
  private static final int DEMO_BATCH = 288;
  private static final int DEMO_CLASSES = 31;

  /**
   * One shape's call and analyzer. Each benchmark has a state of its own, so a fork allocates and
   * touches only the arrays it measures (holding all five shapes' 5 MB made the 97-class scores
   * depend on where the others landed in the caches).
   */
  abstract static class Shape {
    private final BatchAnalyzer analyzer = new BatchAnalyzer(AnalysisSpec.DEMO);
    private final BatchStats stats = new BatchStats();
    private final Call call;

    Shape(int batch, int classes, boolean floats) {
      call = call(batch, classes, floats);
    }

    double run() {
      analyzer.analyze(call.logits, call.labels, call.gradient, null, stats);
      return stats.loss();
    }
  }

  @State(Scope.Thread)
  public static class Float512x97 extends Shape {
    public Float512x97() {
      super(SMALL_BATCH, SMALL_CLASSES, true);
    }
  }

  @State(Scope.Thread)
  public static class Double512x97 extends Shape {
    public Double512x97() {
      super(SMALL_BATCH, SMALL_CLASSES, false);
    }
  }

  @State(Scope.Thread)
  public static class Float256x1000 extends Shape {
    public Float256x1000() {
      super(LARGE_BATCH, LARGE_CLASSES, true);
    }
  }

  @State(Scope.Thread)
  public static class Double256x1000 extends Shape {
    public Double256x1000() {
      super(LARGE_BATCH, LARGE_CLASSES, false);
    }
  }

  @State(Scope.Thread)
  public static class Float288x31 extends Shape {
    public Float288x31() {
      super(DEMO_BATCH, DEMO_CLASSES, true);
    }
  }

  /** One call's arrays. */
  static final class Call {
    final Object logits;
    final int[] labels;
    final Object gradient;

    Call(Object logits, int[] labels, Object gradient) {
      this.logits = logits;
      this.labels = labels;
      this.gradient = gradient;
    }
  }

  static Call call(int batch, int classes, boolean floats) {
    SplittableRandom random = new SplittableRandom(42);
    double[] logits = new double[batch * classes];
    int[] labels = new int[batch];
    double[] gradient = new double[logits.length];
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(classes);
      int row = i * classes;
      for (int k = 0; k < classes; k++) {
        logits[row + k] = random.nextGaussian();
      }
      logits[row + labels[i]] += random.nextDouble(0, 30);
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, logits[row + k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        gradient[row + k] = floats ? (float) Math.exp(logits[row + k] - max) : Math.exp(logits[row + k] - max);
        sum += gradient[row + k];
      }
      float floatSum = (float) sum;
      for (int k = 0; k < classes; k++) {
        gradient[row + k] = floats ? (float) gradient[row + k] / floatSum : gradient[row + k] / sum;
      }
      gradient[row + labels[i]] = floats ? (float) gradient[row + labels[i]] - 1f : gradient[row + labels[i]] - 1;
    }
    if (!floats) {
      return new Call(logits, labels, gradient);
    }
    float[] floatLogits = new float[logits.length];
    float[] floatGradient = new float[logits.length];
    for (int j = 0; j < logits.length; j++) {
      floatLogits[j] = (float) logits[j];
      floatGradient[j] = (float) gradient[j];
    }
    return new Call(floatLogits, labels, floatGradient);
  }

  @Benchmark
  @OperationsPerInvocation(SMALL_BATCH * SMALL_CLASSES)
  public double float512x97(Float512x97 shape) {
    return shape.run();
  }

  @Benchmark
  @OperationsPerInvocation(SMALL_BATCH * SMALL_CLASSES)
  public double double512x97(Double512x97 shape) {
    return shape.run();
  }

  @Benchmark
  @OperationsPerInvocation(LARGE_BATCH * LARGE_CLASSES)
  public double float256x1000(Float256x1000 shape) {
    return shape.run();
  }

  @Benchmark
  @OperationsPerInvocation(LARGE_BATCH * LARGE_CLASSES)
  public double double256x1000(Double256x1000 shape) {
    return shape.run();
  }

  /** The demo trainer's default (slingshot preset: full batch of 288, p = 31 classes). */
  @Benchmark
  @OperationsPerInvocation(DEMO_BATCH * DEMO_CLASSES)
  public double float288x31(Float288x31 shape) {
    return shape.run();
  }
}
