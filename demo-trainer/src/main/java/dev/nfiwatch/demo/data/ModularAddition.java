package dev.nfiwatch.demo.data;

import java.util.SplittableRandom;

/**
 * Modular addition {@code (a + b) mod p}: all {@code p²} pairs, a seeded random share of them for
 * training and the rest for testing. The classic grokking and Slingshot task.
 */
public final class ModularAddition {

  private ModularAddition() {}

  /**
   * @param modulus p, the number of tokens and of classes
   * @param trainShare the share of all pairs used for training, in (0, 1)
   * @param seed the seed of the split
   */
  public static Task create(int modulus, double trainShare, long seed) {
    int pairs = modulus * modulus;
    int[] order = Shuffle.permutation(pairs, new SplittableRandom(seed));
    int trainSize = (int) (trainShare * pairs);
    return new Task(
        split(order, 0, trainSize, modulus), split(order, trainSize, pairs, modulus), modulus);
  }

  private static TokenPairs split(int[] order, int from, int to, int modulus) {
    int n = to - from;
    int[] a = new int[n];
    int[] b = new int[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int pair = order[from + i];
      a[i] = pair / modulus;
      b[i] = pair % modulus;
      labels[i] = (a[i] + b[i]) % modulus;
    }
    return new TokenPairs(a, b, labels, modulus);
  }
}
