package dev.nfiwatch.demo.bench;

import dev.nfiwatch.demo.cli.Preset;
import dev.nfiwatch.demo.data.BatchSampler;
import dev.nfiwatch.demo.data.Examples;
import dev.nfiwatch.demo.data.Task;
import dev.nfiwatch.demo.linalg.Backend;
import dev.nfiwatch.demo.linalg.ElementKernels;
import dev.nfiwatch.demo.linalg.DoubleOps;
import dev.nfiwatch.demo.linalg.FloatOps;
import dev.nfiwatch.demo.linalg.Kernels;
import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.metrics.BatchStatistics;
import dev.nfiwatch.demo.metrics.StepRecord;
import dev.nfiwatch.demo.model.Network;
import dev.nfiwatch.demo.model.Networks;
import dev.nfiwatch.demo.optim.Optimizer;
import dev.nfiwatch.demo.optim.Optimizers;
import dev.nfiwatch.demo.train.Precision;
import dev.nfiwatch.demo.train.TrainingConfig;
import java.util.Locale;
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
 * One training step of the reference preset (forward, statistics, backward with its softmax
 * cross-entropy, Adam), as the trainer runs it, by each backend and precision. The state trains on
 * from step to step, so this is the pre-spike regime of the first few hundred steps. The element
 * kernels are the Vector API's or the scalar ones ({@code elements}; the build runs JMH with
 * {@code jdk.incubator.vector}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StepBenchmark {

  @Param({"native", "java", "ejml"})
  public String kernels;

  @Param({"fp32", "fp64"})
  public String precision;

  /** The element kernels; each fork chooses them before {@link ElementKernels} loads. */
  @Param({"vector", "scalar"})
  public String elements;

  private Runnable step;

  @Setup
  public void setUp() {
    System.setProperty(ElementKernels.SCALAR_PROPERTY, String.valueOf(elements.equals("scalar")));
    if (!ElementKernels.KEY.equals(elements)) {
      throw new IllegalStateException(elements + " kernels asked, " + ElementKernels.DESCRIPTION);
    }
    TrainingConfig config = Preset.REFERENCE.config();
    Backend backend = Backend.resolve(Kernels.valueOf(kernels.toUpperCase(Locale.ROOT)));
    Precision p = Precision.valueOf(precision.toUpperCase(Locale.ROOT));
    step = p == Precision.FP64
        ? steps(new DoubleOps(backend, false), config, p)
        : steps(new FloatOps(backend, false), config, p);
  }

  private static <M extends org.ejml.data.Matrix> Runnable steps(
      MatrixOps<M> ops, TrainingConfig config, Precision precision) {
    SplittableRandom seeds = new SplittableRandom(config.seed());
    Task task = config.task().create(seeds.nextLong());
    Examples train = task.train();
    int batch = train.size();
    Network<M> network = Networks.forTask(ops, task, config.width(), config.depth(), batch,
        seeds.nextLong(), precision.format());
    Optimizer optimizer = Optimizers.create(ops, network.parameters(), config.optimizer());
    BatchSampler sampler = new BatchSampler(train.size(), batch, seeds.nextLong());
    BatchStatistics<M> statistics = new BatchStatistics<>(network, batch);
    int[] rows = new int[batch];
    int[] labels = new int[batch];
    StepRecord record = new StepRecord();
    return () -> {
      sampler.next(rows);
      for (int i = 0; i < batch; i++) {
        labels[i] = train.labels()[rows[i]];
      }
      network.forward(train, rows);
      statistics.measure(labels, record);
      network.backward(labels);
      optimizer.step();
    };
  }

  @Benchmark
  public void trainingStep() {
    step.run();
  }
}
