package dev.nfiwatch.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GapBucketsTest {

  /** The obvious linear search the branch-free one must agree with. */
  private static int linear(double gap) {
    for (int i = 0; i < GapBuckets.count(); i++) {
      if (GapBuckets.upperBound(i) >= gap) {
        return i;
      }
    }
    return GapBuckets.count();
  }

  @Test
  void branchFreeSearchAgreesWithLinearSearch() {
    for (double gap = -20; gap <= 120; gap += 0.01) {
      assertThat(GapBuckets.indexOf(gap)).as("gap %s", gap).isEqualTo(linear(gap));
    }
    for (int i = 0; i < GapBuckets.count(); i++) {
      double bound = GapBuckets.upperBound(i);
      assertThat(GapBuckets.indexOf(bound)).isEqualTo(i);
      assertThat(GapBuckets.indexOf(Math.nextUp(bound))).isEqualTo(i + 1);
    }
    assertThat(GapBuckets.indexOf(Double.NaN)).isEqualTo(GapBuckets.count());
    assertThat(GapBuckets.indexOf(Double.POSITIVE_INFINITY)).isEqualTo(GapBuckets.count());
    assertThat(GapBuckets.indexOf(Double.NEGATIVE_INFINITY)).isZero();
  }

  @Test
  void resolvesTheAbsorptionThresholds() {
    double[] thresholds = {5.55, 7.62, 16.64, 18.83, 21.2, 36.74, 41.3};
    for (double threshold : thresholds) {
      assertThat(GapBuckets.upperBound(GapBuckets.indexOf(threshold))).isEqualTo(threshold);
    }
  }
}
