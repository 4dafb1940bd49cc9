package dev.nfiwatch.demo.data;

import java.util.SplittableRandom;

/** Seeded Fisher–Yates shuffles, so that every split and batch order is reproducible. */
public final class Shuffle {

  private Shuffle() {}

  /** A random permutation of {@code 0 … n−1}. */
  public static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    shuffle(order, random);
    return order;
  }

  /** Shuffles {@code values} in place. */
  public static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}
