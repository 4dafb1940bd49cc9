package dev.nfiwatch.demo.metrics;

/** The median of a double array by in-place quickselect: no allocation, unlike a full sort. */
public final class Median {

  private Median() {}

  /** The median of {@code values} (mean of the two middle values when even); reorders the array. */
  public static double of(double[] values) {
    int n = values.length;
    int upper = n / 2;
    double high = select(values, upper);
    if (n % 2 == 1) {
      return high;
    }
    double low = values[0];
    for (int i = 1; i < upper; i++) {
      low = Math.max(low, values[i]);
    }
    return (low + high) / 2.0;
  }

  /** Moves the k-th smallest value to index k, smaller ones before it, and returns it. */
  static double select(double[] a, int k) {
    int left = 0;
    int right = a.length - 1;
    while (left < right) {
      double pivot = a[(left + right) >>> 1];
      int i = left;
      int j = right;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double swap = a[i];
          a[i] = a[j];
          a[j] = swap;
          i++;
          j--;
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        break;
      }
    }
    return a[k];
  }
}
