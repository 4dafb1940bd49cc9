package dev.nfiwatch.signals;

import java.util.Arrays;

/**
 * The median of a sliding window of stepped values, kept up to date as values enter and leave
 * instead of selected anew: the mini-batch loss-spike rule asks for it at every step, and an agent
 * probe sees a step every few microseconds on small models, where selecting the median of 201
 * values each time cost more than the rest of the step's analysis (BENCHMARKS.md, "Framework
 * overhead").
 *
 * <p>Values are held twice: in arrival order (to know which leaves next) and sorted in {@link
 * Double#compare} order ({@link Arrays#binarySearch}, then one {@link System#arraycopy} to insert or
 * remove), so a step costs two searches and two shifts of at most the window. The median is the
 * lower middle value of an even count, the value a sort of the window would put at {@code (size − 1) / 2}. Fixed
 * arrays: no allocation. Not thread-safe.
 */
final class WindowMedian {

  private final long[] steps;
  private final double[] values;
  private final double[] sorted;
  private int head;
  private int size;

  /** A window of at most {@code capacity} values. */
  WindowMedian(int capacity) {
    steps = new long[capacity];
    values = new double[capacity];
    sorted = new double[capacity];
  }

  /** How many values the window holds. */
  int size() {
    return size;
  }

  /** Drops the values of steps before {@code firstStep}. */
  void dropBefore(long firstStep) {
    while (size > 0 && steps[head] < firstStep) {
      dropOldest();
    }
  }

  /** Adds the value of {@code step} (not NaN), dropping the oldest value when the window is full. */
  void add(long step, double value) {
    if (size == steps.length) {
      dropOldest();
    }
    int slot = (head + size) % steps.length;
    steps[slot] = step;
    values[slot] = value;
    int found = Arrays.binarySearch(sorted, 0, size, value); // any place among equal values
    int at = found >= 0 ? found : -found - 1;
    System.arraycopy(sorted, at, sorted, at + 1, size - at);
    sorted[at] = value;
    size++;
  }

  /** The median of the window's values; the window must not be empty. */
  double median() {
    return sorted[(size - 1) / 2];
  }

  private void dropOldest() {
    int at = Arrays.binarySearch(sorted, 0, size, values[head]);
    System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
    head = (head + 1) % steps.length;
    size--;
  }
}
