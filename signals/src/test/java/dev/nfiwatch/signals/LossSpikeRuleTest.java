package dev.nfiwatch.signals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LossSpikeRuleTest {

  @Test
  void noSpikeIsCountedBeforeTrainingAccuracyFirstReachesOneHundredPercent() {
    LossSpikeRule rule = new LossSpikeRule();
    for (long step = 0; step < 300; step++) {
      rule.observe(step, 1e-6, false);
    }
    assertThat(rule.observe(300, 1.0, false)).isFalse();
    assertThat(rule.spikes()).isZero();
    assertThat(rule.firstSpikeStep()).isEqualTo(-1);
  }

  @Test
  void aJumpAboveOneHundredTimesTheWindowMinimumStartsOneSpike() {
    LossSpikeRule rule = new LossSpikeRule();
    for (long step = 0; step < 300; step++) {
      assertThat(rule.observe(step, 1e-4, true)).isFalse();
    }
    assertThat(rule.observe(300, 0.99e-2, true)).as("99x is below the factor").isFalse();
    assertThat(rule.observe(301, 1.01e-2, true)).isTrue();
    assertThat(rule.spikes()).isEqualTo(1);
    assertThat(rule.firstSpikeStep()).isEqualTo(301);
    assertThat(rule.lastSpikeStep()).isEqualTo(301);
  }

  @Test
  void stepsWithinTheWindowAfterASpikeStartBelongToTheSameSpike() {
    LossSpikeRule rule = new LossSpikeRule();
    for (long step = 0; step < 250; step++) {
      rule.observe(step, 1e-5, true);
    }
    assertThat(rule.observe(250, 1.0, true)).isTrue();
    for (long step = 251; step <= 450; step++) {
      assertThat(rule.observe(step, step % 2 == 0 ? 1e-5 : 2.0, true)).isFalse();
    }
    assertThat(rule.observe(451, 5.0, true)).as("201 steps after the start: a new spike").isTrue();
    assertThat(rule.spikes()).isEqualTo(2);
    assertThat(rule.firstSpikeStep()).isEqualTo(250);
    assertThat(rule.lastSpikeStep()).isEqualTo(451);
  }

  @Test
  void theReferenceIsTheMinimumOfOnlyThePrecedingTwoHundredSteps() {
    LossSpikeRule rule = new LossSpikeRule();
    rule.observe(0, 1e-8, true);
    for (long step = 1; step <= 200; step++) {
      rule.observe(step, 1e-3, true);
    }
    // Step 0 (1e-8) has left the window of step 201: the reference is 1e-3, not 1e-8.
    assertThat(rule.observe(201, 5e-2, true)).isFalse();
    assertThat(rule.observe(202, 0.2, true)).isTrue();
  }

  @Test
  void aZeroLossUsesTheFloorAsReference() {
    LossSpikeRule rule = new LossSpikeRule();
    for (long step = 0; step < 10; step++) {
      rule.observe(step, 0.0, true);
    }
    assertThat(rule.observe(10, 0.5e-10, true)).isFalse();
    assertThat(rule.observe(11, 2e-10, true)).isTrue();
  }

  @Test
  void nanLossesNeitherSpikeNorPoisonTheWindow() {
    LossSpikeRule rule = new LossSpikeRule();
    for (long step = 0; step < 50; step++) {
      rule.observe(step, step == 20 ? Double.NaN : 1e-4, true);
    }
    assertThat(rule.spikes()).isZero();
    assertThat(rule.observe(50, Double.POSITIVE_INFINITY, true)).isTrue();
  }

  @Test
  void sampledStepsWithGapsUseTheStepNumbersForTheWindow() {
    LossSpikeRule rule = new LossSpikeRule();
    rule.observe(0, 1e-6, true);
    assertThat(rule.observe(150, 5e-5, true)).isFalse();
    // At step 250 only step 150 is inside [50, 249]: the reference is 5e-5, not 1e-6.
    assertThat(rule.observe(250, 4e-3, true)).isFalse();
    assertThat(rule.observe(260, 1.0, true)).isTrue();
  }
}
