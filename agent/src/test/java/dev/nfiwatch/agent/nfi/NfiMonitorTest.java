package dev.nfiwatch.agent.nfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class NfiMonitorTest {

  private static final int BATCH = 4;
  private static final int CLASSES = 3;
  private static final int FEATURES = 2;

  /** The wall clock the monitor times events by: 1000 s plus 10 ms per observed step. */
  private long wallMillis;

  private final NfiMonitor monitor =
      new NfiMonitor(
          OnsetSettings.builder().growthWindow(50).sustainSteps(20).build(),
          WeightOrientation.CLASSES_BY_FEATURES,
          () -> wallMillis);
  private final float[] weights = {1, 0, 0, 1, 1, 1};
  private final float[] features = new float[BATCH * FEATURES];
  private final double[] residuals = new double[BATCH];
  /** The same batch every step, as in full-batch training. */
  private int[] labels = {0, 1, 2, 0};

  private void observe(long step, int absorbed, double loss, boolean allCorrect, double scale) {
    wallMillis = 1_000_000 + 10 * step;
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) scale;
    }
    for (int i = 0; i < BATCH; i++) {
      residuals[i] = i < absorbed ? 1e-8 : 0;
    }
    monitor.observe(
        step, BATCH, CLASSES, absorbed, 0, residuals, 2 * scale, 3 * scale, 17.0, 0x1p-24, allCorrect,
        loss, labels, weights, features);
  }

  @Test
  void feedsTheProjectsLossSpikeRule() {
    for (long step = 0; step < 300; step++) {
      observe(step, 0, step == 100 ? 50.0 : 0.5, false, 1);
      assertThat(monitor.spikeStarted()).as("not armed before 100 %% accuracy").isFalse();
    }
    for (long step = 300; step < 600; step++) {
      observe(step, 0, 1e-4, true, 1);
    }
    observe(600, 0, 1.0, true, 1);
    assertThat(monitor.spikeStarted()).isTrue();
    observe(601, 0, 2.0, true, 1);
    assertThat(monitor.spikeStarted()).as("the same spike").isFalse();
    assertThat(monitor.spikes()).isEqualTo(1);
    assertThat(monitor.lastSpikeStep()).isEqualTo(600);
    assertThat(monitor.lastSpikeTime()).as("the spike's wall time, not the latest step's").isEqualTo(1006.0);
    assertThat(monitor.lastOnsetTime()).as("no onset, no time").isZero();
    assertThat(monitor.firstAbsorptionTime()).isZero();
  }

  /**
   * Batches whose labels change from step to step are mini-batches: spikes are counted by the
   * rule's mini-batch form, which lets batch-to-batch noise of six orders of magnitude pass that
   * the full-batch form takes for a spike every 200 steps.
   */
  @Test
  void changingBatchesSwitchTheSpikeRuleToItsMiniBatchForm() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    int[][] batches = {{0, 1, 2, 0}, {2, 2, 1, 0}, {1, 0, 0, 0}};
    for (long step = 0; step < 1000; step++) {
      labels = batches[(int) (step % batches.length)];
      observe(step, 0, Math.pow(10, -13 + 6 * random.nextDouble()), true, 1);
    }
    assertThat(monitor.miniBatchRule()).isTrue();
    assertThat(monitor.spikes()).isZero();
  }

  @Test
  void theSameBatchEveryStepKeepsTheFullBatchForm() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    int[][] shuffled = {{0, 1, 2, 0}, {2, 0, 1, 0}, {0, 0, 2, 1}};
    for (long step = 0; step < 1000; step++) {
      labels = shuffled[(int) (step % shuffled.length)]; // one batch, reshuffled
      observe(step, 0, Math.pow(10, -13 + 6 * random.nextDouble()), true, 1);
    }
    assertThat(monitor.miniBatchRule()).isFalse();
    assertThat(monitor.spikes()).as("the full-batch form on this noise").isGreaterThan(3);
  }

  @Test
  void publishesNormsRatesAndOnset() {
    for (long step = 0; step < 200; step++) {
      observe(step, step >= 50 ? 2 : 0, 0.1, true, Math.exp(2e-3 * step));
    }
    double scale = Math.exp(2e-3 * 199);
    // w̄ = (2/3, 2/3), h̄ = (scale, scale) in float.
    assertThat(monitor.classifierNorm()).isCloseTo(2.0, within(1e-12));
    assertThat(monitor.classifierMeanNorm()).isCloseTo(Math.sqrt(8) / 3, within(1e-7));
    assertThat(monitor.featureMeanNorm()).isCloseTo(Math.sqrt(2) * scale, within(1e-5));
    assertThat(monitor.meanCosine()).isCloseTo(1.0, within(1e-6));
    assertThat(monitor.driftNorm()).isCloseTo(2e-8 * Math.sqrt(2) * scale / 3, within(1e-12));
    assertThat(monitor.resolutionRatio())
        .isCloseTo(Math.ulp((float) (3 * scale)) / 17.0, within(1e-15));
    assertThat(monitor.growthRate(GrowthSignal.FEATURE_MEAN)).isCloseTo(2e-3, within(1e-6));
    assertThat(monitor.growthRate(GrowthSignal.LOGIT_MEAN)).isCloseTo(2e-3, within(1e-6));
    assertThat(monitor.growthRate(GrowthSignal.CLASSIFIER_MEAN)).isCloseTo(0.0, within(1e-9));
    assertThat(monitor.growthR2(GrowthSignal.FEATURE_MEAN)).isGreaterThan(0.99);
    assertThat(monitor.onsetActive()).isTrue();
    assertThat(monitor.onsets()).isEqualTo(1);
    assertThat(monitor.onsetStep()).isEqualTo(70);
    assertThat(monitor.firstAbsorptionTime()).as("step 50's wall time").isEqualTo(1000.5);
    assertThat(monitor.lastOnsetTime())
        .as("the wall time of step 70, not of the last step")
        .isEqualTo(1000.7);
    assertThat(monitor.onset().evidenceShare()).isEqualTo(0.5);
    assertThat(monitor.onset().evidenceResidual()).isEqualTo(2e-8);
  }

  @Test
  void countsRepairedSamples() {
    monitor.countRepaired(3);
    monitor.countRepaired(2);
    assertThat(monitor.repairedSamples()).isEqualTo(5);
  }

  @Test
  void allocatesNothingPerStepInSteadyState() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (long step = 0; step < 20_000; step++) {
      observe(step, (int) (step % 3), 0.1, true, 1 + step * 1e-4);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (long step = 20_000; step < 40_000; step++) {
      observe(step, (int) (step % 3), 0.1, true, 1 + step * 1e-4);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // The measuring call itself may allocate a few bytes; 20 000 steps allocating anything per step
    // would show far more.
    assertThat(allocated).isLessThan(1_000);
  }
}
