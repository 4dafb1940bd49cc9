package dev.nfiwatch.demo.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nfiwatch.demo.metrics.StepRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepPacerTest {

  /** A clock that only moves when the pacer sleeps or the test says a step took time. */
  private long now = 1_000_000;

  private final List<Long> sleeps = new ArrayList<>();

  private StepPacer pacer(double stepsPerSecond) {
    return new StepPacer(
        stepsPerSecond,
        () -> now,
        nanos -> {
          sleeps.add(nanos);
          now += nanos;
        });
  }

  @Test
  void aFastStepWaitsForTheRestOfItsInterval() {
    StepPacer pacer = pacer(100); // 10 ms per step
    StepRecord record = new StepRecord();

    pacer.onStep(record); // the first step never waits
    now += 2_000_000; // the next step took 2 ms
    pacer.onStep(record);
    now += 9_000_000;
    pacer.onStep(record);

    assertThat(sleeps).containsExactly(8_000_000L, 1_000_000L);
  }

  @Test
  void aLateStepDoesNotWaitAndIsNotMadeUpByABurst() {
    StepPacer pacer = pacer(100);
    StepRecord record = new StepRecord();

    pacer.onStep(record);
    now += 35_000_000; // 3.5 intervals late
    pacer.onStep(record);
    now += 1_000_000; // the next one is fast again: it still waits a whole interval minus 1 ms
    pacer.onStep(record);

    assertThat(sleeps).containsExactly(9_000_000L);
  }

  @Test
  void anEarlyWakeUpSleepsAgainUntilTheStepIsDue() {
    List<Long> asked = new ArrayList<>();
    StepPacer pacer =
        new StepPacer(
            10, // 100 ms per step
            () -> now,
            nanos -> {
              asked.add(nanos);
              now += Math.min(nanos, 30_000_000); // wakes after 30 ms at most
            });
    StepRecord record = new StepRecord();

    pacer.onStep(record);
    pacer.onStep(record);

    assertThat(asked).containsExactly(100_000_000L, 70_000_000L, 40_000_000L, 10_000_000L);
  }

  @Test
  void aRateMustBePositiveAndFinite() {
    for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new StepPacer(rate))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("steps per second must be positive");
    }
  }
}
