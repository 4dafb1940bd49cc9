package dev.nfiwatch.demo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MedianTest {

  @Test
  void agreesWithSortingForOddEvenAndRepeatedValues() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 1; n <= 60; n++) {
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = random.nextInt(5) == 0 ? 1.0 : random.nextDouble(-3, 3);
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

      assertThat(Median.of(values)).as("n=%d", n).isEqualTo(expected);
    }
  }
}
