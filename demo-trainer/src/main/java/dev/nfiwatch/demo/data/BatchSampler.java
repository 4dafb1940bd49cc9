package dev.nfiwatch.demo.data;

import java.util.SplittableRandom;

/**
 * Chooses the training examples of each step: the whole training set in a fixed order (full
 * batch), or fixed-size mini-batches drawn from seeded shuffles of it, one epoch after another. The
 * last partial mini-batch of an epoch is dropped so every step has the same batch size.
 */
public final class BatchSampler {

  private final int[] order;
  private final int batch;
  private final SplittableRandom random;
  private int position;

  /**
   * @param trainSize how many training examples there are
   * @param batch the batch size; {@code trainSize} means full batch
   * @param seed the seed of the shuffles
   */
  public BatchSampler(int trainSize, int batch, long seed) {
    if (batch < 1 || batch > trainSize) {
      throw new IllegalArgumentException("batch must be in [1, " + trainSize + "], got " + batch);
    }
    this.order = new int[trainSize];
    for (int i = 0; i < trainSize; i++) {
      order[i] = i;
    }
    this.batch = batch;
    this.random = new SplittableRandom(seed);
    this.position = trainSize;
  }

  /** The batch size. */
  public int batch() {
    return batch;
  }

  /** Writes the example indices of the next step into {@code rows} (length = batch size). */
  public void next(int[] rows) {
    if (batch == order.length) {
      System.arraycopy(order, 0, rows, 0, batch);
      return;
    }
    if (position + batch > order.length) {
      Shuffle.shuffle(order, random);
      position = 0;
    }
    System.arraycopy(order, position, rows, 0, batch);
    position += batch;
  }
}
