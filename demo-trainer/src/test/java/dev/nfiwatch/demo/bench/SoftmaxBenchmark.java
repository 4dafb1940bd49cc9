package dev.nfiwatch.demo.bench;

import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference preset's fp32 softmax cross-entropy backward (2822 × 97 logits) with the wrong
 * classes a given number of nats below the correct one: 10 (healthy), 95 ({@code exp} lands in
 * float's subnormal range, as after NFI), 200 (it underflows to zero).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SoftmaxBenchmark {

  private static final int BATCH = 2822;
  private static final int CLASSES = 97;

  @Param({"10", "95", "200"})
  public float gap;

  private final float[] logits = new float[BATCH * CLASSES];
  private final float[] grad = new float[BATCH * CLASSES];
  private final int[] labels = new int[BATCH];
  private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(null, null, "fp32");

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < BATCH; i++) {
      labels[i] = random.nextInt(CLASSES);
      for (int k = 0; k < CLASSES; k++) {
        logits[i * CLASSES + k] =
            k == labels[i] ? 0f : -gap - (float) random.nextDouble(0, 5);
      }
    }
  }

  @Benchmark
  public float[] backward() {
    loss.backward(logits, labels, grad);
    return grad;
  }
}
