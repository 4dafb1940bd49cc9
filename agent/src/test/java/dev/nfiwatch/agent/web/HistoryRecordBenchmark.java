package dev.nfiwatch.agent.web;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchAnalyzer;
import dev.nfiwatch.agent.analysis.BatchStats;
import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the live page's history adds to one analysed backward call, next to the analysis itself,
 * on the demo's slingshot batch (288 samples × 31 classes, float32). Run as documented in
 * BENCHMARKS.md; not part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HistoryRecordBenchmark {

  private static final int BATCH = 288;
  private static final int CLASSES = 31;

  private final BatchAnalyzer analyzer = new BatchAnalyzer(AnalysisSpec.DEMO);
  private final BatchStats stats = new BatchStats();
  private final HistoryRecorder recorder = new HistoryRecorder("demo", "0", "observe", null);
  private final float[] logits = new float[BATCH * CLASSES];
  private final int[] labels = new int[BATCH];
  private final float[] gradient = new float[BATCH * CLASSES];

  @Setup
  public void batch() {
    Random random = new Random(1);
    for (int i = 0; i < BATCH; i++) {
      labels[i] = random.nextInt(CLASSES);
      for (int k = 0; k < CLASSES; k++) {
        logits[i * CLASSES + k] = (float) random.nextGaussian();
      }
      logits[i * CLASSES + labels[i]] += 17f;
    }
    new SoftmaxCrossEntropy(null, null, "fp32").backward(logits, labels, gradient);
    analyzer.analyze(logits, labels, gradient, "fp32", stats);
  }

  /** One batch into the history (the live page's whole cost on the training thread). */
  @Benchmark
  public void recordHistory() {
    recorder.onBatch(stats, null, null);
  }

  /** The analysis of the same batch, for scale. */
  @Benchmark
  public Object analyseBatch() {
    return analyzer.analyze(logits, labels, gradient, "fp32", stats);
  }
}
