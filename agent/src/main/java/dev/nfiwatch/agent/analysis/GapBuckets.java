package dev.nfiwatch.agent.analysis;

/**
 * Upper bounds (in nats) of the correct-class logit gap histogram. They resolve the absorption
 * thresholds of SCIENCE.md: bf16 5.55 and fp16 7.62; fp32 16.64 (ln 2^24), 18.83 (K = 10) and
 * 21.20 (K = 97); fp64 36.74 (ln 2^53) and 41.30 (K = 97). Negative gaps are misclassified samples.
 */
public final class GapBuckets {

  private static final double[] UPPER_BOUNDS = {
    -10, -1, 0, 1, 2, 4, 5.55, 7.62, 10, 12, 14, 15, 16, 16.64, 17.5, 18.83, 20, 21.2, 25, 30, 36.74,
    39, 41.3, 50, 75, 100
  };

  private GapBuckets() {}

  /** The number of finite buckets; the histogram has one more (+Inf). */
  public static int count() {
    return UPPER_BOUNDS.length;
  }

  /** The finite upper bound of bucket {@code i}. */
  public static double upperBound(int i) {
    return UPPER_BOUNDS[i];
  }

  /** A copy of the finite upper bounds. */
  public static double[] upperBounds() {
    return UPPER_BOUNDS.clone();
  }

  /**
   * The index of the first bucket whose upper bound is {@code >= gap}, or {@link #count()} for gaps
   * beyond the last bound (and NaN). A branch-free binary search (the comparisons compile to
   * conditional moves, so gaps in random order cost no mispredictions), no allocation.
   */
  public static int indexOf(double gap) {
    double[] bounds = UPPER_BOUNDS;
    if (gap != gap) {
      return bounds.length;
    }
    int base = 0;
    int length = bounds.length;
    while (length > 1) {
      int half = length >>> 1;
      base = bounds[base + half - 1] < gap ? base + half : base;
      length -= half;
    }
    return bounds[base] < gap ? base + 1 : base;
  }
}
