package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nfiwatch.agent.bridge.BridgeSink;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-JVM overhead harness's block schedule and its arithmetic (not the measurement itself). */
class SwitchingSinkTest {

  /** Records the index of each call it receives (the calls carry their index as the logits). */
  private static final class Recorder implements BridgeSink {
    final List<Integer> received = new ArrayList<>();

    @Override
    public void onBackward(
        int probe,
        Object owner,
        Object logits,
        Object labels,
        Object gradient,
        Object classifierWeights,
        Object classifierInput,
        String format) {
      received.add((Integer) logits);
    }
  }

  @Test
  void forwardsTheWarmUpAndTheConnectedBlocksOnly() {
    Recorder agent = new Recorder();
    SwitchingSink sink = new SwitchingSink(agent, 3, 4, 1, 100, 0);
    for (int call = 0; call < 3 + 8 * 4; call++) {
      sink.onBackward(0, null, call, null, null, null, null, "fp32");
    }
    List<Integer> expected = new ArrayList<>(List.of(0, 1, 2));
    for (int block = 0; block < 8; block++) {
      if (block % 4 == 0 || block % 4 == 3) { // C D D C
        for (int i = 0; i < 4; i++) {
          expected.add(3 + 4 * block + i);
        }
      }
    }
    assertThat(agent.received).isEqualTo(expected);
    // A block's time ends when the next block's first call arrives: 7 of the 8 are final.
    assertThat(sink.completedBlocks()).isEqualTo(7);
    assertThat(sink.blockNanos()).hasSize(7);
    for (long nanos : sink.blockNanos()) {
      assertThat(nanos).isPositive();
    }
    assertThat(sink.timedPerBlock()).isEqualTo(3);
  }

  @Test
  void forwardsEverythingBeyondItsCapacity() {
    Recorder agent = new Recorder();
    SwitchingSink sink = new SwitchingSink(agent, 0, 2, 0, 2, 0);
    for (int call = 0; call < 10; call++) {
      sink.onBackward(0, null, call, null, null, null, null, null);
    }
    // Block 0 connected (calls 0, 1), block 1 disconnected (2, 3), then everything.
    assertThat(agent.received).containsExactly(0, 1, 4, 5, 6, 7, 8, 9);
    assertThat(sink.completedBlocks()).isEqualTo(2);
  }

  @Test
  void allocatesNothingPerCall() {
    SwitchingSink sink = new SwitchingSink((p, o, a, b, c, d, e, f) -> {}, 10, 50, 5, 1000, 100);
    Object logits = new float[1];
    for (int call = 0; call < 20_000; call++) {
      sink.onBackward(0, null, logits, null, null, null, null, null);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int call = 0; call < 20_000; call++) {
      sink.onBackward(0, null, logits, null, null, null, null, null);
    }
    assertThat(threads.getThreadAllocatedBytes(thread) - before).isLessThan(1024);
  }

  @Test
  void aLinearDriftCancelsInTheRatio() {
    // Every step gets 1 % slower per block; connected blocks take 2 % longer on top.
    int blocks = 4 * 6 + 2; // the 2 blocks of an incomplete quad are left out
    long[] nanos = new long[blocks];
    long[] probe = new long[blocks];
    for (int b = 0; b < blocks; b++) {
      double time = 1e8 * (1 + 0.01 * b);
      boolean connected = SwitchingSink.connected(b);
      nanos[b] = Math.round(connected ? 1.02 * time : time);
      probe[b] = connected ? 95_000 : 0;
    }
    AbSummary summary = AbSummary.of(nanos, probe, 95);
    assertThat(summary.quads()).isEqualTo(6);
    assertThat(summary.ratio()).isCloseTo(1.02, within(1e-6));
    assertThat(summary.low()).isCloseTo(1.02, within(1e-6));
    assertThat(summary.high()).isCloseTo(1.02, within(1e-6));
    for (double r : summary.quadRatios()) {
      assertThat(r).isCloseTo(1.02, within(1e-6));
    }
    // Within a pair the drift does not cancel: C D pairs read above 1.02, D C pairs below.
    assertThat(summary.medianPairRatio()).isCloseTo(1.02, within(0.002));
    assertThat(summary.connectedProbeMicros()).isCloseTo(1.0, within(1e-9));
    assertThat(summary.disconnectedProbeMicros()).isZero();
    assertThat(summary.disconnectedStepsPerSecond() / summary.connectedStepsPerSecond())
        .isCloseTo(summary.ratio(), within(1e-12));
  }

  @Test
  void theIntervalWidensWithTheSpreadOfTheQuads() {
    long[] nanos = new long[8];
    for (int b = 0; b < 8; b++) {
      boolean connected = SwitchingSink.connected(b);
      double effect = b < 4 ? 1.00 : 1.04; // quad ratios 1.00 and 1.04
      nanos[b] = Math.round(1e8 * (connected ? effect : 1));
    }
    AbSummary summary = AbSummary.of(nanos, new long[8], 100);
    assertThat(summary.quads()).isEqualTo(2);
    double mean = (Math.log(1.00) + Math.log(1.04)) / 2;
    double half = 12.706 * Math.abs(Math.log(1.04)) / 2; // t(1) · s / √2, s = |Δ| / √2
    assertThat(summary.low()).isCloseTo(Math.exp(mean - half), within(1e-6));
    assertThat(summary.high()).isCloseTo(Math.exp(mean + half), within(1e-6));
  }

  @Test
  void studentQuantiles() {
    assertThat(AbSummary.t975(1)).isEqualTo(12.706);
    assertThat(AbSummary.t975(5)).isEqualTo(2.571);
    assertThat(AbSummary.t975(40)).isCloseTo(2.0211, within(0.0005));
    assertThat(AbSummary.t975(120)).isCloseTo(1.9799, within(0.0005));
  }
}
