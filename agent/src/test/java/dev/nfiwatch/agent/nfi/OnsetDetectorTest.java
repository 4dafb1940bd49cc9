package dev.nfiwatch.agent.nfi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnsetDetectorTest {

  private static final OnsetSettings SETTINGS =
      OnsetSettings.builder()
          .growthWindow(100)
          .absorbedShare(0.05)
          .sustainSteps(50)
          .releaseShare(0.01)
          .releaseSteps(100)
          .minRate(5e-4)
          .minR2(0.9)
          .build();

  /** A synthetic run: absorption from {@code absorbFrom}, exponential ‖h̄‖ from {@code growFrom}. */
  private static final class Trace {
    final GrowthTracker growth = new GrowthTracker(SETTINGS.growthWindow());
    final OnsetDetector detector = new OnsetDetector(SETTINGS, growth);
    final Random noise = new Random(5);
    int onsetCalls;
    long firstOnset = -1;

    void run(long from, long to, long absorbFrom, long absorbTo, long growFrom, double share) {
      for (long step = from; step < to; step++) {
        double grown = step < growFrom ? 0 : 1.5e-3 * (step - growFrom);
        double feature = 30 * Math.exp(grown + 0.01 * noise.nextGaussian());
        double logit = 0.1 * Math.exp(grown + 0.01 * noise.nextGaussian());
        growth.add(step, 0.5, feature, logit);
        boolean absorbing = step >= absorbFrom && step < absorbTo;
        double observedShare = absorbing ? share + 0.02 * noise.nextDouble() : 0.0;
        if (detector.observe(step, observedShare, observedShare * 3e-7)) {
          onsetCalls++;
          if (firstOnset < 0) {
            firstOnset = step;
          }
        }
      }
    }
  }

  @Test
  void firesOnceWhenSustainedAbsorptionMeetsExponentialGrowth() {
    Trace trace = new Trace();
    trace.run(0, 3_000, 1_000, 3_000, 1_000, 0.3);

    assertThat(trace.onsetCalls).isEqualTo(1);
    assertThat(trace.detector.onsets()).isEqualTo(1);
    assertThat(trace.detector.active()).isTrue();
    // Absorption must be sustained for 50 steps, and the 100-step growth window must be mostly
    // exponential before its fit passes R² 0.9.
    assertThat(trace.firstOnset).isBetween(1_050L, 1_150L);
    assertThat(trace.detector.onsetStep()).isEqualTo(trace.firstOnset);
    assertThat(trace.detector.evidenceRate()).isBetween(1e-3, 2e-3);
    assertThat(trace.detector.evidenceR2()).isGreaterThanOrEqualTo(0.9);
    assertThat(trace.detector.evidenceShare()).isBetween(0.3, 0.32);
    assertThat(trace.detector.describeOnset())
        .contains("step " + trace.firstOnset)
        .contains(trace.detector.evidenceSignal().label() + " growing at")
        .contains("R²");
    assertThat(trace.detector.evidenceSignal())
        .isIn(GrowthSignal.FEATURE_MEAN, GrowthSignal.LOGIT_MEAN);
  }

  @Test
  void doesNotFireOnGrowthWithoutAbsorption() {
    Trace trace = new Trace();
    trace.run(0, 3_000, Long.MAX_VALUE, Long.MAX_VALUE, 500, 0.3);
    assertThat(trace.detector.onsets()).isZero();
    assertThat(trace.detector.active()).isFalse();
    assertThat(trace.detector.onsetStep()).isEqualTo(-1);
  }

  @Test
  void doesNotFireOnAbsorptionWithoutGrowth() {
    Trace trace = new Trace();
    trace.run(0, 3_000, 500, 3_000, Long.MAX_VALUE, 0.3);
    assertThat(trace.detector.onsets()).isZero();
  }

  @Test
  void doesNotFireOnAbsorptionBelowTheShareThreshold() {
    Trace trace = new Trace();
    trace.run(0, 3_000, 500, 3_000, 500, 0.02);
    assertThat(trace.detector.onsets()).isZero();
  }

  @Test
  void doesNotFireOnAbsorptionShorterThanTheSustainTime() {
    GrowthTracker growth = new GrowthTracker(SETTINGS.growthWindow());
    OnsetDetector detector = new OnsetDetector(SETTINGS, growth);
    for (long step = 0; step < 3_000; step++) {
      growth.add(step, 1, Math.exp(2e-3 * step), Math.exp(2e-3 * step));
      // 40 steps of absorption in every 80: never 50 in a row.
      detector.observe(step, step % 80 < 40 ? 0.5 : 0.0, 0);
    }
    assertThat(detector.onsets()).isZero();
  }

  @Test
  void aShareFlickeringAroundTheThresholdIsOneEpisodeNotMany() {
    GrowthTracker growth = new GrowthTracker(SETTINGS.growthWindow());
    OnsetDetector detector = new OnsetDetector(SETTINGS, growth);
    for (long step = 0; step < 4_000; step++) {
      growth.add(step, 1, Math.exp(2e-3 * step), Math.exp(2e-3 * step));
      double share = step < 200 ? 0.0 : step < 400 ? 0.2 : (step % 30 < 15 ? 0.06 : 0.02);
      detector.observe(step, share, 0);
    }
    assertThat(detector.onsets()).isEqualTo(1);
    assertThat(detector.active()).isTrue();
  }

  @Test
  void anEpisodeEndsAfterTheReleaseTimeAndANewOneCanStart() {
    Trace trace = new Trace();
    trace.run(0, 2_000, 500, 1_500, 500, 0.3);
    assertThat(trace.detector.onsets()).isEqualTo(1);
    assertThat(trace.detector.active()).as("100 quiet steps after 1500 end the episode").isFalse();
    trace.run(2_000, 4_000, 2_500, 4_000, 0, 0.3);
    assertThat(trace.detector.onsets()).isEqualTo(2);
    assertThat(trace.detector.onsetStep()).isBetween(2_550L, 2_600L);
  }

  @Test
  void consultsOnlyTheConfiguredSignals() {
    OnsetSettings classifierOnly =
        OnsetSettings.builder()
            .growthWindow(100)
            .sustainSteps(10)
            .signals(EnumSet.of(GrowthSignal.CLASSIFIER_MEAN))
            .build();
    GrowthTracker growth = new GrowthTracker(100);
    OnsetDetector detector = new OnsetDetector(classifierOnly, growth);
    for (long step = 0; step < 1_000; step++) {
      growth.add(step, 0.5, Math.exp(2e-3 * step), Math.exp(2e-3 * step));
      detector.observe(step, 0.3, 0);
    }
    assertThat(detector.onsets()).as("w̄ is flat; h̄ and the logits are not consulted").isZero();
  }
}
