package dev.nfiwatch.agent.analysis;

/** In-place k-th smallest selection (quickselect), used for the median gap without allocating. */
final class Selection {

  private Selection() {}

  /**
   * Reorders {@code values[0, n)} so that index {@code k} holds the k-th smallest value, everything
   * before it is not larger and everything after it not smaller; returns that value. No NaNs allowed.
   */
  static double select(double[] values, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      double pivot = medianOfThree(values[lo], values[mid], values[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (values[i] < pivot) {
          i++;
        }
        while (values[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = values[i];
          values[i] = values[j];
          values[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return values[k];
      }
    }
    return values[k];
  }

  private static double medianOfThree(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
