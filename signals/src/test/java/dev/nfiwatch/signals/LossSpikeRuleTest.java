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

  /**
   * Batch losses of a confident model on mini-batches, as the demo's clusters task gives them
   * ({@code --task clusters --batch 100 --lr 0.05}): six orders of magnitude apart from batch to
   * batch (log-uniform between 1e-13 and 1e-7), no spike at all.
   */
  private static double noisyBatchLoss(java.util.SplittableRandom random) {
    return Math.pow(10, -13 + 6 * random.nextDouble());
  }

  @Test
  void theMiniBatchFormIgnoresBatchToBatchNoiseThatTheFullBatchFormCountsEvery200Steps() {
    LossSpikeRule fullBatch = new LossSpikeRule(LossSpikeRule.Form.FULL_BATCH);
    LossSpikeRule miniBatch = new LossSpikeRule(LossSpikeRule.Form.MINI_BATCH);
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (long step = 0; step < 2000; step++) {
      double loss = noisyBatchLoss(random);
      fullBatch.observe(step, loss, true);
      miniBatch.observe(step, loss, true);
    }
    assertThat(fullBatch.spikes()).as("the full-batch form on mini-batches").isGreaterThan(5);
    assertThat(miniBatch.spikes()).isZero();
    assertThat(miniBatch.form()).isEqualTo(LossSpikeRule.Form.MINI_BATCH);
  }

  @Test
  void theMiniBatchFormFindsASpikeThatRaisesEveryBatchsLoss() {
    LossSpikeRule rule = new LossSpikeRule(LossSpikeRule.Form.MINI_BATCH);
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (long step = 0; step < 600; step++) {
      // Confident batches between 1e-9 and 1e-7, then from step 600 on every batch near 1.
      assertThat(rule.observe(step, 1e-9 * Math.pow(100, random.nextDouble()), true)).isFalse();
    }
    long started = -1;
    for (long step = 600; step < 650 && started < 0; step++) {
      if (rule.observe(step, 0.5 + random.nextDouble(), true)) {
        started = step;
      }
    }
    assertThat(started).as("the spike's first step: its mean of 10 losses is already 100x up")
        .isEqualTo(600);
    assertThat(rule.spikes()).isEqualTo(1);
  }

  @Test
  void theMiniBatchFormComparesTheMeanOfTenBatchesWithTheWindowsMedian() {
    LossSpikeRule rule = new LossSpikeRule(LossSpikeRule.Form.MINI_BATCH);
    for (long step = 0; step < 300; step++) {
      rule.observe(step, step % 2 == 0 ? 1e-30 : 2e-6, true); // means of 10: 1e-6, median 1e-6
    }
    // One batch at 1e-3 lifts the mean of ten to about 1.01e-4: 101 times the median.
    assertThat(rule.observe(300, 1e-3, true)).isTrue();
    assertThat(rule.firstSpikeStep()).isEqualTo(300);

    LossSpikeRule below = new LossSpikeRule(LossSpikeRule.Form.MINI_BATCH);
    for (long step = 0; step < 300; step++) {
      below.observe(step, step % 2 == 0 ? 1e-30 : 2e-6, true);
    }
    assertThat(below.observe(300, 0.9e-3, true)).as("mean 9.1e-5: below 100 times").isFalse();
  }

  @Test
  void theMiniBatchFormArmsAtFullAccuracyAndSkipsNanLosses() {
    LossSpikeRule rule = new LossSpikeRule(LossSpikeRule.Form.MINI_BATCH);
    for (long step = 0; step < 100; step++) {
      rule.observe(step, 1e-6, false);
    }
    assertThat(rule.observe(100, 1.0, false)).as("not armed").isFalse();
    assertThat(rule.observe(101, Double.NaN, true)).isFalse();
    assertThat(rule.armed()).isTrue();
    for (long step = 102; step < 400; step++) {
      rule.observe(step, 1e-6, true);
    }
    assertThat(rule.observe(400, 1.0, true)).isTrue();
  }

  @Test
  void observingAStepAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    LossSpikeRule rule = new LossSpikeRule(LossSpikeRule.Form.MINI_BATCH);
    java.util.Random random = new java.util.Random(1);
    for (long step = 0; step < 2_000; step++) {
      rule.observe(step, Math.pow(10, -30 * random.nextDouble()), true);
    }
    long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (long step = 2_000; step < 12_000; step++) {
      rule.observe(step, Math.pow(10, -30 * random.nextDouble()), true);
    }
    assertThat(threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before)
        .as("bytes allocated by 10 000 steps (the window median once sorted a copy: 528 B a step)")
        .isLessThan(1024);
  }
}
