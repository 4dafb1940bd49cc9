package dev.nfiwatch.agent.nfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogitResolutionTest {

  private static final double FLOAT_U = 0x1p-24;
  private static final double DOUBLE_U = 0x1p-53;

  @Test
  void ulpMatchesTheJavaTypesForFloatAndDouble() {
    for (double x : new double[] {1e-3, 0.7, 1.0, 3.0, 17.5, 4490.0, -1e6, 1e30}) {
      assertThat(LogitResolution.ulp(FLOAT_U, x)).isEqualTo((double) Math.ulp((float) x));
      assertThat(LogitResolution.ulp(DOUBLE_U, x)).isEqualTo(Math.ulp(x));
    }
  }

  @Test
  void bfloat16KeepsEightSignificantBits() {
    assertThat(LogitResolution.ulp(0x1p-8, 1.0)).isEqualTo(1.0 / 128);
    assertThat(LogitResolution.ulp(0x1p-8, 300.0)).isEqualTo(2.0);
  }

  @Test
  void ratioIsUlpOverMedianGap() {
    // 2^24 nats of common logit against a gap of 17 nats: one float ulp is 2 nats.
    assertThat(LogitResolution.ratio(FLOAT_U, 1 << 24, 17)).isEqualTo(2.0 / 17);
    assertThat(LogitResolution.ratio(FLOAT_U, 10, 0)).isNaN();
    assertThat(LogitResolution.ratio(FLOAT_U, Double.NaN, 1)).isNaN();
  }

  @Test
  void parsesOrientationsAndSignals() {
    assertThat(WeightOrientation.parse("features_x_classes"))
        .isEqualTo(WeightOrientation.FEATURES_BY_CLASSES);
    assertThat(WeightOrientation.parse("classes × features"))
        .isEqualTo(WeightOrientation.CLASSES_BY_FEATURES);
    assertThatThrownBy(() -> WeightOrientation.parse("rows")).hasMessageContaining("classes_x");
    assertThat(GrowthSignal.parse("logit_mean")).isEqualTo(GrowthSignal.LOGIT_MEAN);
    assertThatThrownBy(() -> GrowthSignal.parse("loss")).hasMessageContaining("feature_mean");
  }
}
