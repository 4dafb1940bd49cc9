package dev.nfiwatch.demo.train;

import dev.nfiwatch.demo.linalg.Kernels;
import dev.nfiwatch.demo.optim.OptimizerSettings;

/**
 * A complete, validated description of one training run; the same config and seed give a
 * bit-identical run.
 *
 * @param task the task and its size
 * @param precision the training number format
 * @param width the width of every hidden representation
 * @param depth the number of hidden width × width layers
 * @param batch examples per step; 0 means the full training set
 * @param steps how many optimizer steps
 * @param seed the seed of data split, initialisation and batch order
 * @param optimizer the optimizer and its hyper-parameters
 * @param evalEvery test accuracy is evaluated every this many steps (and at the last)
 * @param threads with EJML's kernels, 1 for single-threaded matrix products, more for its concurrent
 *     ones (a BLAS takes its thread count from its own environment)
 * @param kernels what runs the matrix products
 */
public record TrainingConfig(
    TaskSpec task,
    Precision precision,
    int width,
    int depth,
    int batch,
    long steps,
    long seed,
    OptimizerSettings optimizer,
    int evalEvery,
    int threads,
    Kernels kernels) {

  /** This configuration with another seed. */
  public TrainingConfig withSeed(long newSeed) {
    return new TrainingConfig(
        task, precision, width, depth, batch, steps, newSeed, optimizer, evalEvery, threads,
        kernels);
  }
}
