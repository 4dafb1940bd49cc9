package dev.nfiwatch.agent.nfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GrowthRateEstimatorTest {

  @Test
  void recoversTheRateOfACleanExponentialAtLargeStepNumbers() {
    GrowthRateEstimator estimator = new GrowthRateEstimator(200);
    long start = 3_000_000_000L;
    for (long step = start; step < start + 5_000; step++) {
      estimator.add(step, 33.0 * Math.exp(1.4e-3 * (step - start)));
    }
    assertThat(estimator.isFull()).isTrue();
    assertThat(estimator.rate()).isCloseTo(1.4e-3, within(1e-9));
    assertThat(estimator.r2()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void recoversTheRateThroughMultiplicativeNoiseWithALowerR2() {
    GrowthRateEstimator estimator = new GrowthRateEstimator(400);
    Random random = new Random(7);
    for (long step = 0; step < 2_000; step++) {
      double noise = Math.exp(0.05 * random.nextGaussian());
      estimator.add(step, 2.0 * Math.exp(1.5e-3 * step) * noise);
    }
    assertThat(estimator.rate()).isCloseTo(1.5e-3, within(1.5e-4));
    assertThat(estimator.r2()).isBetween(0.8, 0.99);
  }

  @Test
  void pureNoiseHasNoRateAndALowR2() {
    GrowthRateEstimator estimator = new GrowthRateEstimator(300);
    Random random = new Random(11);
    for (long step = 0; step < 1_000; step++) {
      estimator.add(step, 5.0 * Math.exp(0.1 * random.nextGaussian()));
    }
    assertThat(Math.abs(estimator.rate())).isLessThan(2e-4);
    assertThat(estimator.r2()).isLessThan(0.1);
  }

  @Test
  void aFlatSeriesHasRateZeroAndNothingToExplain() {
    GrowthRateEstimator estimator = new GrowthRateEstimator(10);
    for (long step = 0; step < 25; step++) {
      estimator.add(step, 4.0);
    }
    assertThat(estimator.rate()).isEqualTo(0.0);
    assertThat(estimator.r2()).isEqualTo(0.0);
  }

  @Test
  void theWindowForgetsAnEarlierRegime() {
    GrowthRateEstimator estimator = new GrowthRateEstimator(50);
    double value = 1.0;
    for (long step = 0; step < 500; step++) {
      value *= Math.exp(step < 400 ? 1e-2 : -2e-3);
      estimator.add(step, value);
    }
    assertThat(estimator.rate()).isCloseTo(-2e-3, within(1e-9));
  }

  @Test
  void matchesADirectFitAfterManyUpdatesWithSampledSteps() {
    int window = 64;
    GrowthRateEstimator estimator = new GrowthRateEstimator(window);
    Random random = new Random(3);
    long[] steps = new long[100_000];
    double[] values = new double[steps.length];
    long step = 1L << 40;
    for (int n = 0; n < steps.length; n++) {
      step += 1 + random.nextInt(10);
      steps[n] = step;
      values[n] = Math.exp(1e-4 * (step - (1L << 40)) + 0.3 * random.nextGaussian());
      estimator.add(steps[n], values[n]);
    }
    double[] expected = directFit(steps, values, steps.length - window, steps.length);
    assertThat(estimator.rate()).isCloseTo(expected[0], within(1e-12));
    assertThat(estimator.r2()).isCloseTo(expected[1], within(1e-9));
  }

  @Test
  void skipsValuesWithoutALogarithm() {
    GrowthRateEstimator estimator = new GrowthRateEstimator(3);
    assertThat(estimator.add(0, 0.0)).isFalse();
    assertThat(estimator.add(1, -1.0)).isFalse();
    assertThat(estimator.add(2, Double.NaN)).isFalse();
    assertThat(estimator.add(3, Double.POSITIVE_INFINITY)).isFalse();
    assertThat(estimator.count()).isZero();
    assertThat(estimator.rate()).isNaN();
    estimator.add(4, 1.0);
    estimator.add(5, Math.E);
    assertThat(estimator.rate()).isNaN();
    estimator.add(6, Math.E * Math.E);
    assertThat(estimator.rate()).isCloseTo(1.0, within(1e-12));
    assertThat(estimator.lastStep()).isEqualTo(6);
  }

  private static double[] directFit(long[] steps, double[] values, int from, int to) {
    int n = to - from;
    double meanX = 0;
    double meanY = 0;
    for (int i = from; i < to; i++) {
      meanX += (double) (steps[i] - steps[from]) / n;
      meanY += Math.log(values[i]) / n;
    }
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = from; i < to; i++) {
      double dx = (steps[i] - steps[from]) - meanX;
      double dy = Math.log(values[i]) - meanY;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    return new double[] {sxy / sxx, sxy * sxy / (sxx * syy)};
  }
}
