package dev.nfiwatch.agent.nfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FloatFormatTest {

  @Test
  void ulpMatchesTheJavaTypesForFp32AndFp64() {
    for (double x : new double[] {1e-3, 0.7, 1.0, 3.0, 17.5, 4490.0, -1e6, 1e30}) {
      assertThat(FloatFormat.FP32.ulp(x)).isEqualTo((double) Math.ulp((float) x));
      assertThat(FloatFormat.FP64.ulp(x)).isEqualTo(Math.ulp(x));
    }
  }

  @Test
  void bf16KeepsEightSignificantBits() {
    assertThat(FloatFormat.BF16.ulp(1.0)).isEqualTo(1.0 / 128);
    assertThat(FloatFormat.BF16.ulp(300.0)).isEqualTo(2.0);
    assertThat(FloatFormat.BF16.unitRoundoff()).isEqualTo(1.0 / 256);
    assertThat(FloatFormat.FP32.unitRoundoff()).isEqualTo(Math.scalb(1.0, -24));
  }

  @Test
  void resolutionRatioIsUlpOverGap() {
    // 2^24 nats of common logit against a gap of 17 nats: one ulp is 2 nats.
    assertThat(LogitResolution.ratio(FloatFormat.FP32, 1 << 24, 17)).isEqualTo(2.0 / 17);
    assertThat(LogitResolution.ratio(FloatFormat.FP32, 10, 0)).isNaN();
    assertThat(LogitResolution.ratio(FloatFormat.FP32, Double.NaN, 1)).isNaN();
  }

  @Test
  void parsesFormatsOrientationsAndSignals() {
    assertThat(FloatFormat.parse("FP32")).isEqualTo(FloatFormat.FP32);
    assertThat(FloatFormat.parse("double")).isEqualTo(FloatFormat.FP64);
    assertThat(FloatFormat.parse("bfloat16")).isEqualTo(FloatFormat.BF16);
    assertThatThrownBy(() -> FloatFormat.parse("int8")).hasMessageContaining("fp32, fp64");
    assertThat(WeightOrientation.parse("features_x_classes"))
        .isEqualTo(WeightOrientation.FEATURES_BY_CLASSES);
    assertThat(WeightOrientation.parse("classes × features"))
        .isEqualTo(WeightOrientation.CLASSES_BY_FEATURES);
    assertThatThrownBy(() -> WeightOrientation.parse("rows")).hasMessageContaining("classes_x");
    assertThat(GrowthSignal.parse("logit_mean")).isEqualTo(GrowthSignal.LOGIT_MEAN);
    assertThatThrownBy(() -> GrowthSignal.parse("loss")).hasMessageContaining("feature_mean");
  }
}
