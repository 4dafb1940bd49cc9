package dev.nfiwatch.demo.train;

import dev.nfiwatch.demo.data.GaussianClusters;
import dev.nfiwatch.demo.data.ModularAddition;
import dev.nfiwatch.demo.data.Task;

/**
 * Which task to train on and its size.
 *
 * @param kind modular addition or Gaussian clusters
 * @param trainShare the share of examples used for training
 * @param modulus p for modular addition
 * @param classes K for clusters
 * @param dimensions d for clusters
 * @param samples the number of cluster examples (train plus test)
 * @param separation the scale of the cluster centres relative to the unit noise
 */
public record TaskSpec(
    TaskKind kind,
    double trainShare,
    int modulus,
    int classes,
    int dimensions,
    int samples,
    double separation) {

  /** The tasks the demo offers. */
  public enum TaskKind {
    /** {@code (a + b) mod p}. */
    MODADD,
    /** K Gaussian clusters in d dimensions. */
    CLUSTERS
  }

  /** How many training examples the task will have. */
  public int trainSize() {
    int total = kind == TaskKind.MODADD ? modulus * modulus : samples;
    return (int) (trainShare * total);
  }

  /** Generates the task's examples and split from {@code seed}. */
  public Task create(long seed) {
    return switch (kind) {
      case MODADD -> ModularAddition.create(modulus, trainShare, seed);
      case CLUSTERS -> GaussianClusters.create(
          classes, dimensions, samples, separation, trainShare, seed);
    };
  }
}
