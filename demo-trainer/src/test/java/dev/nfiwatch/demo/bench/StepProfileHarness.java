package dev.nfiwatch.demo.bench;

import dev.nfiwatch.demo.cli.Preset;
import dev.nfiwatch.demo.data.BatchSampler;
import dev.nfiwatch.demo.data.Examples;
import dev.nfiwatch.demo.data.Task;
import dev.nfiwatch.demo.linalg.Backend;
import dev.nfiwatch.demo.linalg.DoubleOps;
import dev.nfiwatch.demo.linalg.ElementKernels;
import dev.nfiwatch.demo.linalg.FloatOps;
import dev.nfiwatch.demo.linalg.Kernels;
import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.metrics.BatchStatistics;
import dev.nfiwatch.demo.metrics.StepRecord;
import dev.nfiwatch.demo.metrics.TestAccuracy;
import dev.nfiwatch.demo.model.Network;
import dev.nfiwatch.demo.model.Networks;
import dev.nfiwatch.demo.optim.Optimizer;
import dev.nfiwatch.demo.optim.Optimizers;
import dev.nfiwatch.demo.train.Precision;
import dev.nfiwatch.demo.train.TrainingConfig;
import dev.nfiwatch.signals.LossSpikeRule;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.Matrix;

/**
 * Where a training step's time goes, window by window (not a test): runs the trainer's loop on a
 * preset with every {@code MatrixOps} call timed, and prints per window the steps/s, the ms per step
 * of each operation and of the statistics, test evaluation and optimizer, and the spikes so far —
 * the measurement behind BENCHMARKS.md's "after the first spike" section.
 *
 * <p>Arguments: {@code PRESET PRECISION KERNELS STEPS WINDOW} (e.g. {@code reference fp32 auto
 * 12000 500}).
 */
public final class StepProfileHarness {

  private StepProfileHarness() {}

  public static void main(String[] args) {
    TrainingConfig preset = Preset.valueOf(args[0].toUpperCase(Locale.ROOT)).config();
    Precision precision = Precision.valueOf(args[1].toUpperCase(Locale.ROOT));
    Backend backend = Backend.resolve(Kernels.valueOf(args[2].toUpperCase(Locale.ROOT)));
    long steps = Long.parseLong(args[3]);
    int window = Integer.parseInt(args[4]);
    System.out.println("backend: " + backend.description());
    System.out.println("element kernels: " + ElementKernels.DESCRIPTION);
    if (precision == Precision.FP64) {
      run(new TimedOps<>(new DoubleOps(backend, false)), preset, precision, steps, window);
    } else {
      run(new TimedOps<>(new FloatOps(backend, false)), preset, precision, steps, window);
    }
  }

  private static <M extends Matrix> void run(
      TimedOps<M> ops, TrainingConfig config, Precision precision, long steps, int window) {
    SplittableRandom seeds = new SplittableRandom(config.seed());
    Task task = config.task().create(seeds.nextLong());
    Examples train = task.train();
    int batch = config.batch() == 0 ? train.size() : config.batch();
    MatrixOps<M> timed = ops;
    Network<M> network =
        Networks.forTask(timed, task, config.width(), config.depth(), batch, seeds.nextLong(),
            precision.format());
    Optimizer optimizer = Optimizers.create(timed, network.parameters(), config.optimizer());
    BatchSampler sampler = new BatchSampler(train.size(), batch, seeds.nextLong());
    BatchStatistics<M> statistics = new BatchStatistics<>(network, batch);
    TestAccuracy<M> testAccuracy = new TestAccuracy<>(network, task.test(), batch);
    LossSpikeRule spikes = new LossSpikeRule(
        batch == train.size() ? LossSpikeRule.Form.FULL_BATCH : LossSpikeRule.Form.MINI_BATCH);
    int[] rows = new int[batch];
    int[] labels = new int[batch];
    StepRecord record = new StepRecord();
    long[] phases = new long[4];
    String[] phaseNames = {"statistics", "test eval", "optimizer", "spike rule"};
    System.out.print("window_end steps/s spikes");
    for (String name : TimedOps.NAMES) {
      System.out.print(" | " + name);
    }
    for (String name : phaseNames) {
      System.out.print(" | " + name);
    }
    System.out.println();
    long windowStart = System.nanoTime();
    for (long step = 1; step <= steps; step++) {
      long t = System.nanoTime();
      if ((step - 1) % config.evalEvery() == 0 || step == steps) {
        record.testAccuracy = testAccuracy.evaluate();
      }
      phases[1] += System.nanoTime() - t;
      sampler.next(rows);
      for (int i = 0; i < batch; i++) {
        labels[i] = train.labels()[rows[i]];
      }
      network.forward(train, rows);
      t = System.nanoTime();
      statistics.measure(labels, record);
      phases[0] += System.nanoTime() - t;
      network.backward(labels);
      t = System.nanoTime();
      optimizer.step();
      phases[2] += System.nanoTime() - t;
      t = System.nanoTime();
      record.step = step;
      record.spikeStarts = spikes.observe(step, record.loss, record.trainAccuracy == 1.0);
      phases[3] += System.nanoTime() - t;
      if (step % window == 0) {
        long now = System.nanoTime();
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "%d %.1f %d", step, window / ((now - windowStart) / 1e9),
            spikes.spikes()));
        for (long n : ops.nanos) {
          line.append(String.format(Locale.ROOT, " | %.3f", n / 1e6 / window));
        }
        for (long n : phases) {
          line.append(String.format(Locale.ROOT, " | %.3f", n / 1e6 / window));
        }
        System.out.println(line);
        ops.reset();
        java.util.Arrays.fill(phases, 0);
        windowStart = System.nanoTime();
      }
    }
    System.out.println("spikes=" + spikes.spikes() + " first_spike=" + spikes.firstSpikeStep());
  }
}
