package dev.nfiwatch.demo.model;

import dev.nfiwatch.demo.data.Normal;
import dev.nfiwatch.demo.linalg.MatrixOps;
import java.util.SplittableRandom;
import org.ejml.data.Matrix;

/**
 * Seeded parameter initialisation, drawn in double and rounded to the training precision, so that
 * fp32 and fp64 runs with the same seed start from the same values (up to rounding).
 */
public final class Initializer {

  private final SplittableRandom random;

  /** @param seed the seed of every initial value */
  public Initializer(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A new parameter of standard normal values (embedding tables). */
  public <M extends Matrix> Parameter<M> normal(
      String name, MatrixOps<M> ops, int rows, int cols) {
    M value = ops.zeros(rows, cols);
    for (int i = 0; i < rows * cols; i++) {
      ops.set(value, i, Normal.sample(random));
    }
    return new Parameter<>(name, value, ops.zeros(rows, cols));
  }

  /** A new parameter uniform in {@code ±1/√fanIn} (linear layers' weights and biases). */
  public <M extends Matrix> Parameter<M> uniform(
      String name, MatrixOps<M> ops, int rows, int cols, int fanIn) {
    double bound = 1.0 / Math.sqrt(fanIn);
    M value = ops.zeros(rows, cols);
    for (int i = 0; i < rows * cols; i++) {
      ops.set(value, i, (2.0 * random.nextDouble() - 1.0) * bound);
    }
    return new Parameter<>(name, value, ops.zeros(rows, cols));
  }
}
