package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProbeHistoryTest {

  private final double[] row = new double[HistoryColumn.count()];

  private void record(ProbeHistory probe, long step, double absorbed, double partial) {
    record(probe, step, absorbed, partial, false);
  }

  private void record(ProbeHistory probe, long step, double absorbed, double partial, boolean nfi) {
    Arrays.fill(row, Double.NaN);
    row[HistoryColumn.ABSORBED_SHARE.ordinal()] = absorbed;
    row[HistoryColumn.PARTIAL_SHARE.ordinal()] = partial;
    probe.record(step, row, nfi);
  }

  @Test
  void verdictFollowsTheLatestStepAndTheOnsetDetector() {
    ProbeHistory probe = new ProbeHistory("p", "0", "observe");
    assertThat(probe.snapshot().verdict()).isEqualTo(Verdict.HEALTHY);
    record(probe, 0, 0, 0);
    assertThat(probe.snapshot().verdict()).isEqualTo(Verdict.HEALTHY);
    record(probe, 1, 0, 0.01);
    assertThat(probe.snapshot().verdict()).isEqualTo(Verdict.ABSORBING);
    record(probe, 2, 0.3, 0);
    assertThat(probe.snapshot().verdict()).isEqualTo(Verdict.ABSORBING);
    probe.onsetDetected(3);
    record(probe, 3, 0.3, 0, true);
    assertThat(probe.snapshot().verdict()).isEqualTo(Verdict.NFI_ONSET);
    record(probe, 4, 0, 0, true);
    assertThat(probe.snapshot().verdict()).as("episode not released yet").isEqualTo(Verdict.NFI_ONSET);
    record(probe, 5, 0, 0, false);
    assertThat(probe.snapshot().verdict()).as("episode over").isEqualTo(Verdict.HEALTHY);
  }

  @Test
  void snapshotCarriesIdentityEventsAndThreshold() {
    ProbeHistory probe = new ProbeHistory("p", "0", "repair");
    assertThat(probe.snapshot().dtype()).isEmpty();
    probe.format("bf16", 5.5);
    record(probe, 41, 0, 0);
    probe.spikeStarted(41);
    probe.onsetDetected(30);
    ProbeHistory.Snapshot snapshot = probe.snapshot();
    assertThat(snapshot.probe()).isEqualTo("p");
    assertThat(snapshot.dtype()).isEqualTo("bf16");
    assertThat(snapshot.mode()).isEqualTo("repair");
    assertThat(snapshot.lastStep()).isEqualTo(41);
    assertThat(snapshot.spikeSteps()).containsExactly(41);
    assertThat(snapshot.onsetSteps()).containsExactly(30);
    assertThat(snapshot.gapThreshold()).isEqualTo(5.5);
    assertThat(snapshot.capacity()).isEqualTo(ProbeHistory.DEFAULT_CAPACITY);
  }

  @Test
  void aReaderThreadAlwaysSeesAConsistentSnapshot() throws Exception {
    ProbeHistory probe = new ProbeHistory("p", "0", "observe", 64, 8);
    Thread writer = new Thread(() -> {
      double[] values = new double[HistoryColumn.count()];
      for (long step = 0; step < 2_000_000; step++) {
        Arrays.fill(values, step);
        probe.record(step, values, false);
      }
    });
    writer.start();
    int checked = 0;
    while (writer.isAlive() || checked == 0) {
      StepHistory.Snapshot points = probe.snapshot().points();
      for (int p = 1; p < points.size(); p++) {
        assertThat(points.step(p)).isGreaterThan(points.step(p - 1));
        // w̄ keeps the latest value of its point: the point's own last step
        assertThat(points.value(HistoryColumn.W_BAR_NORM, p)).isEqualTo(points.step(p));
      }
      assertThat(points.size()).isLessThanOrEqualTo(64);
      checked++;
    }
    writer.join();
    assertThat(probe.snapshot().points().recorded()).isEqualTo(2_000_000);
  }
}
