package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StepHistoryTest {

  private final double[] row = new double[HistoryColumn.count()];

  private void record(StepHistory history, long step, double loss, double absorbed, double gapMin) {
    Arrays.fill(row, Double.NaN);
    row[HistoryColumn.LOSS.ordinal()] = loss;
    row[HistoryColumn.ABSORBED_SHARE.ordinal()] = absorbed;
    row[HistoryColumn.GAP_MIN.ordinal()] = gapMin;
    row[HistoryColumn.W_BAR_NORM.ordinal()] = step;
    history.record(step, row);
  }

  @Test
  void keepsEveryStepWhileThereIsRoom() {
    StepHistory history = new StepHistory(8);
    for (int step = 0; step < 7; step++) {
      record(history, step, 10 + step, step / 10.0, -step);
    }
    StepHistory.Snapshot snapshot = history.snapshot();
    assertThat(snapshot.size()).isEqualTo(7);
    assertThat(snapshot.stride()).isEqualTo(1);
    assertThat(snapshot.recorded()).isEqualTo(7);
    for (int p = 0; p < 7; p++) {
      assertThat(snapshot.step(p)).isEqualTo(p);
      assertThat(snapshot.value(HistoryColumn.LOSS, p)).isEqualTo(10 + p);
      assertThat(snapshot.value(HistoryColumn.GAP_MIN, p)).isEqualTo(-p);
      assertThat(snapshot.value(HistoryColumn.RESIDUAL_RATIO, p)).isNaN();
    }
  }

  @Test
  void halvesResolutionWhenFullAndMergesByEachColumnsRule() {
    StepHistory history = new StepHistory(4);
    // steps 0..3 fill it (halved to stride 2), steps 4..7 fill it again (halved to stride 4)
    for (int step = 0; step < 9; step++) {
      record(history, step, step % 2 == 0 ? 100 : 1, step, 50 - step);
    }
    StepHistory.Snapshot snapshot = history.snapshot();
    assertThat(snapshot.stride()).isEqualTo(4);
    assertThat(snapshot.size()).as("steps 0-3, 4-7 and the pending step 8").isEqualTo(3);
    assertThat(snapshot.step(0)).isEqualTo(3);
    assertThat(snapshot.step(1)).isEqualTo(7);
    assertThat(snapshot.step(2)).isEqualTo(8);
    assertThat(snapshot.value(HistoryColumn.LOSS, 0)).as("max").isEqualTo(100);
    assertThat(snapshot.value(HistoryColumn.ABSORBED_SHARE, 0)).as("mean").isEqualTo(1.5);
    assertThat(snapshot.value(HistoryColumn.ABSORBED_SHARE, 1)).as("mean").isEqualTo(5.5);
    assertThat(snapshot.value(HistoryColumn.GAP_MIN, 1)).as("min").isEqualTo(43);
    assertThat(snapshot.value(HistoryColumn.W_BAR_NORM, 0)).as("last").isEqualTo(3);
    assertThat(snapshot.value(HistoryColumn.ABSORBED_SHARE, 2)).as("pending").isEqualTo(8);

    for (int step = 9; step < 16; step++) {
      record(history, step, 1, step, 50 - step);
    }
    snapshot = history.snapshot();
    assertThat(snapshot.stride()).isEqualTo(8);
    assertThat(snapshot.size()).isEqualTo(2);
    assertThat(snapshot.step(1)).isEqualTo(15);
    assertThat(snapshot.value(HistoryColumn.ABSORBED_SHARE, 0)).isEqualTo(3.5);
    assertThat(snapshot.value(HistoryColumn.ABSORBED_SHARE, 1)).isEqualTo(11.5);
    assertThat(snapshot.value(HistoryColumn.LOSS, 1)).isEqualTo(100);
    assertThat(snapshot.value(HistoryColumn.GAP_MIN, 1)).isEqualTo(35);
  }

  @Test
  void pendingStepsShowAsOnePartialPoint() {
    StepHistory history = new StepHistory(2);
    for (int step = 0; step < 5; step++) {
      record(history, step, 1, step, 0);
    }
    // stride 4 after step 3: one point for steps 0-3, step 4 pending
    StepHistory.Snapshot snapshot = history.snapshot();
    assertThat(snapshot.stride()).isEqualTo(4);
    assertThat(snapshot.size()).isEqualTo(2);
    assertThat(snapshot.step(1)).isEqualTo(4);
    assertThat(snapshot.value(HistoryColumn.ABSORBED_SHARE, 1)).isEqualTo(4);
  }

  @Test
  void noValueStaysNaNAndIsSkippedByMerges() {
    StepHistory history = new StepHistory(4);
    record(history, 0, Double.NaN, Double.NaN, Double.NaN);
    record(history, 1, 5, 0.25, Double.NaN);
    record(history, 2, Double.NaN, Double.NaN, Double.NaN);
    record(history, 3, Double.NaN, 0.75, Double.NaN);
    StepHistory.Snapshot snapshot = history.snapshot();
    assertThat(snapshot.stride()).isEqualTo(2);
    assertThat(snapshot.size()).isEqualTo(2);
    assertThat(snapshot.value(HistoryColumn.LOSS, 0)).isEqualTo(5);
    assertThat(snapshot.value(HistoryColumn.LOSS, 1)).isNaN();
    assertThat(snapshot.value(HistoryColumn.ABSORBED_SHARE, 0)).isEqualTo(0.25);
    assertThat(snapshot.value(HistoryColumn.ABSORBED_SHARE, 1)).isEqualTo(0.75);
    assertThat(snapshot.value(HistoryColumn.GAP_MIN, 0)).isNaN();
  }

  @Test
  void staysWithinItsCapacityForMillionsOfStepsAndKeepsTheSpike() {
    StepHistory history = new StepHistory(512);
    long steps = 5_000_000;
    long spikeStep = 3_141_593;
    for (long step = 0; step < steps; step++) {
      record(history, step, step == spikeStep ? 1e6 : 0.01, 0.3, 16.5);
      if (step % 100_003 == 0) {
        assertThat(history.snapshot().size()).isLessThanOrEqualTo(512);
      }
    }
    StepHistory.Snapshot snapshot = history.snapshot();
    assertThat(snapshot.size()).isBetween(256, 512);
    assertThat(snapshot.recorded()).isEqualTo(steps);
    assertThat(snapshot.stride()).isEqualTo(16384);
    assertThat(snapshot.step(0)).as("points still start at the run's beginning")
        .isEqualTo(snapshot.stride() - 1);
    assertThat(snapshot.step(snapshot.size() - 1)).isEqualTo(steps - 1);
    double maxLoss = 0;
    long maxAt = -1;
    for (int p = 0; p < snapshot.size(); p++) {
      if (snapshot.value(HistoryColumn.LOSS, p) > maxLoss) {
        maxLoss = snapshot.value(HistoryColumn.LOSS, p);
        maxAt = snapshot.step(p);
      }
      assertThat(snapshot.value(HistoryColumn.ABSORBED_SHARE, p)).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    }
    assertThat(maxLoss).isEqualTo(1e6);
    assertThat(maxAt).isBetween(spikeStep, spikeStep + snapshot.stride());
  }

  @Test
  void recordingAllocatesNothingInSteadyState() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    StepHistory history = new StepHistory(512);
    for (long step = 0; step < 2_000_000; step++) {
      record(history, step, 1.0 / (step + 1), 0.1, 17);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (long step = 2_000_000; step < 4_000_000; step++) {
      record(history, step, 1.0 / (step + 1), 0.1, 17);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // two million steps, several halvings: any per-step allocation would be megabytes
    assertThat(allocated).isLessThan(4096);
  }

  @Test
  void rejectsAnOddCapacity() {
    assertThatThrownBy(() -> new StepHistory(3)).isInstanceOf(IllegalArgumentException.class);
  }
}
