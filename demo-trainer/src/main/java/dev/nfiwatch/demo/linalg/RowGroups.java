package dev.nfiwatch.demo.linalg;

import java.util.Arrays;

/**
 * The rows of a batch grouped by the table row each one read, in batch order within each group:
 * the order in which {@link MatrixOps#scatterAdd} sums them. A stable counting sort of the keys,
 * redone for each batch into arrays allocated once, so the scatter can sum a group in registers
 * instead of adding every batch row into the table through memory, and get the same bits.
 */
public final class RowGroups {

  /** Group {@code t} is {@code order[start[t] … start[t+1]−1]}. */
  final int[] start;
  /** Batch row indices, grouped. */
  final int[] order;

  /** Groups for {@code groups} table rows over batches of {@code rows} rows. */
  public RowGroups(int groups, int rows) {
    this.start = new int[groups + 1];
    this.order = new int[rows];
  }

  /** Groups batch row {@code i} under {@code keys[i]}, each in {@code 0 … groups−1}. */
  public void group(int[] keys) {
    int groups = start.length - 1;
    Arrays.fill(start, 0);
    for (int key : keys) {
      start[key + 1]++;
    }
    for (int t = 0; t < groups; t++) {
      start[t + 1] += start[t];
    }
    for (int i = 0; i < keys.length; i++) {
      order[start[keys[i]]++] = i;
    }
    System.arraycopy(start, 0, start, 1, groups);
    start[0] = 0;
  }

  /** The number of groups (table rows). */
  public int groups() {
    return start.length - 1;
  }
}
