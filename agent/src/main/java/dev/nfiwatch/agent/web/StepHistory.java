package dev.nfiwatch.agent.web;

import java.util.Arrays;

/**
 * A fixed-size, self-downsampling record of one probe's per-step values, for the live page.
 *
 * <pre>{@code
 * StepHistory history = new StepHistory(512);
 * double[] row = new double[HistoryColumn.count()];   // reused for every step
 * row[HistoryColumn.LOSS.ordinal()] = loss;           // NaN = no value
 * history.record(step, row);
 * StepHistory.Snapshot view = history.snapshot();     // a copy, for another thread to read
 * }</pre>
 *
 * <p>Each point stands for {@code stride} consecutive recorded steps, merged column by column with
 * the column's {@link HistoryColumn.Merge rule}. The history starts at stride 1; when all {@code
 * capacity} points are used it merges neighbouring pairs, halving its resolution and doubling the
 * stride, so every full point always stands for the same number of steps. Memory is therefore fixed at construction whatever the run length, and the points always
 * cover the whole run. Recording a step is a handful of primitive stores into preallocated arrays.
 *
 * <p>Not thread-safe: the owner ({@link ProbeHistory}) serialises writers and snapshot readers.
 */
public final class StepHistory {

  private static final int COLUMNS = HistoryColumn.count();

  private final int capacity;
  private final long[] steps;
  private final double[][] values;
  private int size;
  private int stride = 1;
  private long recorded;

  private final double[] pending = new double[COLUMNS];
  private final int[] pendingValues = new int[COLUMNS];
  private int pendingSteps;
  private long pendingLastStep;

  /** @param capacity the number of points kept, even and at least 2 */
  public StepHistory(int capacity) {
    if (capacity < 2 || capacity % 2 != 0) {
      throw new IllegalArgumentException("capacity must be even and at least 2, got " + capacity);
    }
    this.capacity = capacity;
    this.steps = new long[capacity];
    this.values = new double[COLUMNS][capacity];
    clearPending();
  }

  /**
   * Records one step.
   *
   * @param step the training step (the x value of the point it lands in is its last step)
   * @param row one value per {@link HistoryColumn}, indexed by ordinal; NaN means "not measured"
   */
  public void record(long step, double[] row) {
    for (int c = 0; c < COLUMNS; c++) {
      double v = row[c];
      if (Double.isNaN(v)) {
        continue;
      }
      if (HistoryColumn.at(c).merge() == HistoryColumn.Merge.MEAN) {
        pending[c] = pendingValues[c] == 0 ? v : pending[c] + v;
      } else {
        pending[c] = pendingValues[c] == 0 ? v : merge(c, pending[c], v);
      }
      pendingValues[c]++;
    }
    pendingLastStep = step;
    pendingSteps++;
    recorded++;
    if (pendingSteps == stride) {
      commitPending();
    }
  }

  private void commitPending() {
    steps[size] = pendingLastStep;
    for (int c = 0; c < COLUMNS; c++) {
      values[c][size] = pendingValue(c);
    }
    size++;
    clearPending();
    if (size == capacity) {
      halveResolution();
    }
  }

  private double pendingValue(int c) {
    if (pendingValues[c] == 0) {
      return Double.NaN;
    }
    boolean mean = HistoryColumn.at(c).merge() == HistoryColumn.Merge.MEAN;
    return mean ? pending[c] / pendingValues[c] : pending[c];
  }

  private void clearPending() {
    pendingSteps = 0;
    Arrays.fill(pendingValues, 0);
  }

  private void halveResolution() {
    int half = capacity / 2;
    for (int i = 0; i < half; i++) {
      int a = 2 * i;
      int b = a + 1;
      steps[i] = steps[b];
      for (int c = 0; c < COLUMNS; c++) {
        values[c][i] = mergePoints(c, values[c][a], values[c][b]);
      }
    }
    size = half;
    stride *= 2;
  }

  /** Merges two points that each stand for the same number of steps; NaN is "no value". */
  private static double mergePoints(int column, double a, double b) {
    if (Double.isNaN(a)) {
      return b;
    }
    if (Double.isNaN(b)) {
      return a;
    }
    return HistoryColumn.at(column).merge() == HistoryColumn.Merge.MEAN
        ? 0.5 * (a + b)
        : merge(column, a, b);
  }

  private static double merge(int column, double earlier, double later) {
    switch (HistoryColumn.at(column).merge()) {
      case MAX:
        return Math.max(earlier, later);
      case MIN:
        return Math.min(earlier, later);
      case LAST:
        return later;
      default:
        throw new IllegalStateException("means are merged by the caller");
    }
  }

  /** The number of points this history keeps at most. */
  public int capacity() {
    return capacity;
  }

  /**
   * A copy of the points, with the steps recorded since the last full point appended as one more
   * (partial) point so that the latest step is always visible.
   */
  public Snapshot snapshot() {
    int n = size + (pendingSteps > 0 ? 1 : 0);
    long[] stepsCopy = Arrays.copyOf(steps, n);
    double[][] valuesCopy = new double[COLUMNS][];
    for (int c = 0; c < COLUMNS; c++) {
      valuesCopy[c] = Arrays.copyOf(values[c], n);
      if (n > size) {
        valuesCopy[c][size] = pendingValue(c);
      }
    }
    if (n > size) {
      stepsCopy[size] = pendingLastStep;
    }
    return new Snapshot(stepsCopy, valuesCopy, stride, recorded);
  }

  /** An immutable copy of a history's points. */
  public static final class Snapshot {
    private final long[] steps;
    private final double[][] values;
    private final int stride;
    private final long recorded;

    Snapshot(long[] steps, double[][] values, int stride, long recorded) {
      this.steps = steps;
      this.values = values;
      this.stride = stride;
      this.recorded = recorded;
    }

    /** The number of points. */
    public int size() {
      return steps.length;
    }

    /** The last step each point covers. */
    public long step(int point) {
      return steps[point];
    }

    /** A column's value at a point; NaN when none of the point's steps measured it. */
    public double value(HistoryColumn column, int point) {
      return values[column.ordinal()][point];
    }

    /** How many recorded steps one full point stands for. */
    public int stride() {
      return stride;
    }

    /** How many steps were recorded in total. */
    public long recorded() {
      return recorded;
    }
  }
}
