package dev.nfiwatch.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowMedianTest {

  /** The window as the rule used to compute it: its values sorted, the lower middle one. */
  private static double sortedMedian(ArrayDeque<double[]> window) {
    double[] values = window.stream().mapToDouble(entry -> entry[1]).toArray();
    Arrays.sort(values);
    return values[(values.length - 1) / 2];
  }

  @Test
  void theMedianIsTheSortedWindowsLowerMiddleValueAtEveryStep() {
    Random random = new Random(7);
    double[] specials = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e-300, 1.0};
    int capacity = 21;
    WindowMedian median = new WindowMedian(capacity);
    ArrayDeque<double[]> window = new ArrayDeque<>(); // {step, value}, oldest first
    long step = 0;
    for (int i = 0; i < 20_000; i++) {
      step += 1 + (random.nextInt(10) == 0 ? random.nextInt(30) : 0); // sometimes a gap
      long firstStep = step - 25;
      median.dropBefore(firstStep);
      while (!window.isEmpty() && window.peekFirst()[0] < firstStep) {
        window.removeFirst();
      }
      int kind = random.nextInt(4);
      double value =
          kind == 0
              ? specials[random.nextInt(specials.length)]
              : kind == 1 ? random.nextInt(5) : Math.pow(10, -40 * random.nextDouble());
      median.add(step, value);
      if (window.size() == capacity) {
        window.removeFirst();
      }
      window.addLast(new double[] {step, value});
      assertThat(median.size()).isEqualTo(window.size());
      assertThat(Double.doubleToRawLongBits(median.median()))
          .as("step %d", step)
          .isEqualTo(Double.doubleToRawLongBits(sortedMedian(window)));
    }
  }

  @Test
  void droppingEveryValueEmptiesTheWindow() {
    WindowMedian median = new WindowMedian(4);
    for (long step = 0; step < 10; step++) {
      median.add(step, 10 - step);
    }
    assertThat(median.size()).isEqualTo(4);
    assertThat(median.median()).isEqualTo(2.0); // 1, 2, 3, 4
    median.dropBefore(100);
    assertThat(median.size()).isZero();
    median.add(100, 5.0);
    assertThat(median.median()).isEqualTo(5.0);
  }
}
