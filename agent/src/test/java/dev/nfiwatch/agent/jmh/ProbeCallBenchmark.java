package dev.nfiwatch.agent.jmh;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.nfi.NfiObserver;
import dev.nfiwatch.agent.nfi.OnsetSettings;
import dev.nfiwatch.agent.nfi.WeightOrientation;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import dev.nfiwatch.agent.web.HistoryRecorder;
import java.util.List;
import java.util.SplittableRandom;
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
 * One observed backward call of the demo trainer's default run, through everything the agent does
 * on the training thread: the analysis, the NFI monitor (W and H norms, drift, growth fits, onset
 * and spike rules) and the live page's history. Shapes are the slingshot preset's: 288 × 31 logits,
 * W 31 × 32, H 288 × 32, float. The score is microseconds per call, to compare with the demo's
 * step time (BENCHMARKS.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ProbeCallBenchmark {

  private static final int BATCH = 288;
  private static final int CLASSES = 31;
  private static final int WIDTH = 32;

  private ProbeRuntime runtime;
  private float[] logits;
  private int[] labels;
  private float[] gradient;
  private float[] weights;
  private float[] features;

  @Setup
  public void setUp() {
    NfiObserver nfi =
        new NfiObserver("demo", "0", OnsetSettings.defaults(), WeightOrientation.CLASSES_BY_FEATURES);
    HistoryRecorder history = new HistoryRecorder("demo", "0", "observe", nfi.monitor());
    runtime = new ProbeRuntime("demo", AnalysisSpec.DEMO, List.of(nfi, history));
    SplittableRandom random = new SplittableRandom(7);
    logits = new float[BATCH * CLASSES];
    labels = new int[BATCH];
    gradient = new float[logits.length];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = random.nextInt(CLASSES);
      int row = i * CLASSES;
      for (int k = 0; k < CLASSES; k++) {
        logits[row + k] = (float) random.nextGaussian();
      }
      logits[row + labels[i]] += (float) random.nextDouble(0, 25);
      BenchmarkData.softmaxGradient(logits, row, CLASSES, labels[i], gradient);
    }
    weights = BenchmarkData.gaussian(random, CLASSES * WIDTH);
    features = BenchmarkData.gaussian(random, BATCH * WIDTH);
  }

  /** The whole call: analysis, NFI monitor, history. */
  @Benchmark
  public long demoCall() {
    runtime.onCall(logits, labels, gradient, weights, features, "fp32");
    return runtime.calls();
  }
}
