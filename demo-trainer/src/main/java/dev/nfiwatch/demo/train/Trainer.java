package dev.nfiwatch.demo.train;

import dev.nfiwatch.demo.data.BatchSampler;
import dev.nfiwatch.demo.data.Examples;
import dev.nfiwatch.demo.data.Task;
import dev.nfiwatch.demo.linalg.Backend;
import dev.nfiwatch.demo.linalg.ElementKernels;
import dev.nfiwatch.demo.linalg.DoubleOps;
import dev.nfiwatch.demo.linalg.FloatOps;
import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.metrics.BatchStatistics;
import dev.nfiwatch.demo.metrics.StepRecord;
import dev.nfiwatch.demo.metrics.TestAccuracy;
import dev.nfiwatch.demo.model.Network;
import dev.nfiwatch.demo.model.Networks;
import dev.nfiwatch.demo.optim.Optimizer;
import dev.nfiwatch.demo.optim.Optimizers;
import dev.nfiwatch.signals.LossSpikeRule;
import java.io.IOException;
import java.util.SplittableRandom;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.Matrix;

/**
 * The training loop: each step samples a batch, runs forward, measures, runs backward (one softmax
 * cross-entropy call), updates, and feeds the loss to the project's {@link LossSpikeRule} (its
 * full-batch form when each step trains on the whole training set, else its mini-batch form).
 */
public final class Trainer {

  private Trainer() {}

  /** Trains as {@code config} says, reporting every step to {@code listener}. */
  public static RunResult train(TrainingConfig config, StepListener listener) throws IOException {
    boolean concurrent = config.threads() > 1;
    if (concurrent) {
      EjmlConcurrency.setMaxThreads(config.threads());
    }
    Backend backend = Backend.resolve(config.kernels());
    if (config.precision() == Precision.FP64) {
      return train(new DoubleOps(backend, concurrent), backend, config, listener);
    }
    return train(new FloatOps(backend, concurrent), backend, config, listener);
  }

  private static <M extends Matrix> RunResult train(
      MatrixOps<M> ops, Backend backend, TrainingConfig config, StepListener listener)
      throws IOException {
    SplittableRandom seeds = new SplittableRandom(config.seed());
    Task task = config.task().create(seeds.nextLong());
    Examples train = task.train();
    int batch = config.batch() == 0 ? train.size() : config.batch();
    Network<M> network =
        Networks.forTask(
            ops,
            task,
            config.width(),
            config.depth(),
            batch,
            seeds.nextLong(),
            config.precision().format());
    Optimizer optimizer = Optimizers.create(ops, network.parameters(), config.optimizer());
    BatchSampler sampler = new BatchSampler(train.size(), batch, seeds.nextLong());
    BatchStatistics<M> statistics = new BatchStatistics<>(network, batch);
    TestAccuracy<M> testAccuracy = new TestAccuracy<>(network, task.test(), batch);
    LossSpikeRule spikes =
        new LossSpikeRule(
            batch == train.size() ? LossSpikeRule.Form.FULL_BATCH : LossSpikeRule.Form.MINI_BATCH);
    int[] rows = new int[batch];
    int[] labels = new int[batch];
    StepRecord record = new StepRecord();

    long start = System.nanoTime();
    for (long step = 1; step <= config.steps(); step++) {
      if ((step - 1) % config.evalEvery() == 0 || step == config.steps()) {
        record.testAccuracy = testAccuracy.evaluate();
      }
      sampler.next(rows);
      for (int i = 0; i < batch; i++) {
        labels[i] = train.labels()[rows[i]];
      }
      network.forward(train, rows);
      statistics.measure(labels, record);
      network.backward(labels);
      optimizer.step();
      record.step = step;
      record.spikeStarts = spikes.observe(step, record.loss, record.trainAccuracy == 1.0);
      listener.onStep(record);
    }
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    RunResult result =
        new RunResult(
            config.steps(),
            spikes.spikes(),
            spikes.firstSpikeStep(),
            wallSeconds,
            backend.key(),
            ElementKernels.KEY,
            network.checksum());
    listener.finish(result);
    return result;
  }
}
