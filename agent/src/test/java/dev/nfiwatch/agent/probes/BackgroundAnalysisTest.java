package dev.nfiwatch.agent.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.analysis.BatchStats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A probe runtime analysing on its background thread, compared with one analysing inline. */
class BackgroundAnalysisTest {

  private static final int BATCH = 32;
  private static final int CLASSES = 10;
  private static final int WIDTH = 8;

  /** Records what each analysed call showed, in order. */
  private static final class Record implements BatchObserver {
    final List<String> calls = new ArrayList<>();

    @Override
    public void onBatch(BatchStats stats, Object weights, Object features) {
      calls.add(
          stats.step() + ":" + stats.absorbed() + "/" + stats.partial() + "/" + stats.loss() + "/"
              + stats.meanLogit() + "/" + ((float[]) weights)[0] + "/" + ((float[]) features)[0]);
    }
  }

  /** Blocks the analysing thread in its first call until released. */
  private static final class Gate implements BatchObserver {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onBatch(BatchStats stats, Object weights, Object features) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One trainer's reused arrays, refilled with new values for every call. */
  private static final class Trainer {
    final SplittableRandom random = new SplittableRandom(3);
    final float[] logits = new float[BATCH * CLASSES];
    final int[] labels = new int[BATCH];
    final float[] gradient = new float[BATCH * CLASSES];
    final float[] weights = new float[CLASSES * WIDTH];
    final float[] features = new float[BATCH * WIDTH];

    void nextStep(int step) {
      for (int i = 0; i < BATCH; i++) {
        labels[i] = random.nextInt(CLASSES);
        int row = i * CLASSES;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < CLASSES; k++) {
          logits[row + k] = (float) random.nextGaussian();
        }
        // Gaps grow with the step, so that later calls absorb.
        logits[row + labels[i]] += (float) random.nextDouble(0, step);
        for (int k = 0; k < CLASSES; k++) {
          max = Math.max(max, logits[row + k]);
        }
        float sum = 0;
        for (int k = 0; k < CLASSES; k++) {
          gradient[row + k] = (float) Math.exp(logits[row + k] - max);
          sum += gradient[row + k];
        }
        for (int k = 0; k < CLASSES; k++) {
          gradient[row + k] /= sum;
        }
        gradient[row + labels[i]] -= 1f;
      }
      for (int i = 0; i < weights.length; i++) {
        weights[i] = (float) random.nextGaussian() * step;
      }
      for (int i = 0; i < features.length; i++) {
        features[i] = (float) random.nextGaussian() * step;
      }
    }

    long bytes() {
      return 4L * (logits.length + labels.length + gradient.length + weights.length
          + features.length);
    }

    void call(ProbeRuntime runtime) {
      runtime.onCall(logits, labels, gradient, weights, features, "fp32");
    }
  }

  private static ProbeRuntime runtime(boolean inBackground, BatchObserver... observers) {
    return new ProbeRuntime("test", "0", AnalysisSpec.DEMO, List.of(observers), null, inBackground);
  }

  @Test
  void analysesEveryCallInOrderAsInlineDoesWhileTheTrainerReusesItsArrays() throws Exception {
    Record inlineRecord = new Record();
    Record backgroundRecord = new Record();
    ProbeRuntime inline = runtime(false, inlineRecord);
    ProbeRuntime background = runtime(true, backgroundRecord);
    Trainer trainer = new Trainer();
    for (int step = 1; step <= 200; step++) {
      trainer.nextStep(step);
      trainer.call(inline);
      trainer.call(background);
    }
    assertThat(background.awaitAnalysed(10_000)).isTrue();

    assertThat(background.inBackground()).isTrue();
    assertThat(inline.inBackground()).isFalse();
    assertThat(backgroundRecord.calls).hasSize(200).isEqualTo(inlineRecord.calls);
    assertThat(background.calls()).isEqualTo(200);
    assertThat(background.timedCalls()).isEqualTo(200);
    assertThat(background.samples()).isEqualTo(inline.samples()).isEqualTo(200L * BATCH);
    assertThat(background.absorbedSamples()).isEqualTo(inline.absorbedSamples()).isPositive();
    assertThat(background.partialSamples()).isEqualTo(inline.partialSamples());
    assertThat(background.gapBucketCounts()).isEqualTo(inline.gapBucketCounts());
    assertThat(background.lastLoss()).isEqualTo(inline.lastLoss());
    assertThat(background.errors()).isZero();
  }

  /** A call too large to copy is analysed on the calling thread, after the calls before it. */
  @Test
  void aCallLargerThanTheCopyLimitIsAnalysedInPlaceInOrder() throws Exception {
    List<String> order = new ArrayList<>();
    BatchObserver observer =
        (stats, weights, features) ->
            order.add(stats.batch() + "@" + (Thread.currentThread() == testThread ? "caller" : "bg"));
    ProbeRuntime background = runtime(true, observer);
    Trainer small = new Trainer();
    small.nextStep(1);
    int batch = (int) (ProbeRuntime.MAX_COPIED_CALL_BYTES / (8L * CLASSES)) + 1;
    float[] logits = new float[batch * CLASSES];
    float[] gradient = new float[batch * CLASSES];
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % CLASSES;
      gradient[i * CLASSES + labels[i]] = -0.5f;
      gradient[i * CLASSES + (labels[i] + 1) % CLASSES] = 0.5f;
    }
    testThread = Thread.currentThread();
    small.call(background);
    background.onCall(logits, labels, gradient, null, null, "fp32");
    small.call(background);
    assertThat(background.awaitAnalysed(10_000)).isTrue();
    assertThat(order).containsExactly(BATCH + "@bg", batch + "@caller", BATCH + "@bg");
    assertThat(background.inBackground()).as("later calls still go to the background").isTrue();
    assertThat(background.errors()).isZero();
  }

  private static volatile Thread testThread;

  @Test
  void copiesTheCallBeforeReturningToTheTrainer() throws Exception {
    Gate gate = new Gate();
    Record record = new Record();
    ProbeRuntime background = runtime(true, gate, record);
    Trainer trainer = new Trainer();
    trainer.nextStep(1);
    trainer.call(background);
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    trainer.nextStep(2);
    trainer.call(background);
    ProbeRuntime inline = runtime(false, new Record());
    Record expected = new Record();
    ProbeRuntime reference = runtime(false, expected);
    Trainer same = new Trainer();
    same.nextStep(1);
    same.call(reference);
    same.nextStep(2);
    same.call(reference);

    trainer.nextStep(3); // the trainer overwrites its arrays while call 2 waits for analysis
    gate.release.countDown();
    assertThat(background.awaitAnalysed(10_000)).isTrue();

    assertThat(record.calls).isEqualTo(expected.calls);
    assertThat(inline.calls()).isZero();
  }

  @Test
  void waitsForAFreeSlotWhenTheAnalysisIsBehindAndDropsNothing() throws Exception {
    Gate gate = new Gate();
    ProbeRuntime background = runtime(true, gate);
    Trainer trainer = new Trainer();
    int slots = BackgroundAnalysis.slotsFor(trainer.bytes());
    trainer.nextStep(1);
    trainer.call(background);
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i < slots; i++) {
      trainer.call(background); // fills the remaining slots without waiting
    }
    Thread blocked = new Thread(() -> trainer.call(background));
    blocked.start();
    waitUntilWaiting(blocked);
    assertThat(background.calls()).isEqualTo(slots + 1);

    gate.release.countDown();
    blocked.join(10_000);
    assertThat(blocked.isAlive()).isFalse();
    assertThat(background.awaitAnalysed(10_000)).isTrue();
    assertThat(background.timedCalls()).isEqualTo(slots + 1);
    assertThat(background.samples()).isEqualTo((slots + 1L) * BATCH);
    assertThat(background.errors()).isZero();
  }

  @Test
  void switchesToInlineForGoodWhenCallsOutpaceTheAnalysis() throws Exception {
    List<Long> steps = new ArrayList<>();
    BatchObserver slow =
        (stats, weights, features) -> {
          steps.add(stats.step());
          long until = System.nanoTime() + 300_000;
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        };
    ProbeRuntime background = runtime(true, slow);
    Trainer trainer = new Trainer();
    trainer.nextStep(1);
    int calls = ProbeRuntime.INLINE_WINDOW + 20;
    for (int i = 0; i < calls; i++) {
      trainer.call(background);
    }

    assertThat(background.inBackground()).isFalse();
    assertThat(background.awaitAnalysed(10_000)).isTrue();
    assertThat(background.timedCalls()).isEqualTo(calls);
    assertThat(background.samples()).isEqualTo((long) calls * BATCH);
    List<Long> expected = new ArrayList<>();
    for (long step = 1; step <= calls; step++) {
      expected.add(step);
    }
    assertThat(steps).as("every call analysed once, in call order").isEqualTo(expected);
  }

  @Test
  void keepsAnalysingInTheBackgroundWhileItKeepsUp() throws Exception {
    ProbeRuntime background = runtime(true);
    Trainer trainer = new Trainer();
    trainer.nextStep(1);
    for (int i = 0; i < 200; i++) {
      trainer.call(background);
      long until = System.nanoTime() + 500_000; // a step far longer than the analysis
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
    assertThat(background.inBackground()).isTrue();
    assertThat(background.awaitAnalysed(10_000)).isTrue();
    assertThat(background.timedCalls()).isEqualTo(200);
  }

  @Test
  void isWokenWhenCallsComeFasterThanItsPacingExpects() throws Exception {
    // Without the wake-up it takes about 15 ms every time; a loaded machine may delay one attempt.
    long fastest = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3 && fastest >= 5; attempt++) {
      fastest = Math.min(fastest, millisUntilTwoCallsAreAnalysed());
    }
    assertThat(fastest).as("ms until two calls handed over together were analysed").isLessThan(5);
  }

  private static long millisUntilTwoCallsAreAnalysed() throws Exception {
    List<Object> seen = new CopyOnWriteArrayList<>();
    BackgroundAnalysis background = new BackgroundAnalysis("test", call -> seen.add(call.labels));
    List<Object> handed = new ArrayList<>();
    // Calls 15 ms apart: after each, the analysis thread parks until about 19 ms after it.
    for (int i = 0; i < 5; i++) {
      if (i > 0) {
        Thread.sleep(15);
      }
      handed.add(handOver(background, i));
    }
    awaitSeen(seen, 5);
    // Two calls at once, some 15 ms before that park ends: the second call wakes it.
    long start = System.nanoTime();
    handed.add(handOver(background, 5));
    handed.add(handOver(background, 6));
    awaitSeen(seen, 7);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(seen).as("every call analysed once, in call order").isEqualTo(handed);
    assertThat(background.waitedCalls()).isZero();
    return millis;
  }

  @Test
  void parksAboutOncePerCallWhileCallsComeSteadily() throws Exception {
    BackgroundAnalysis background = new BackgroundAnalysis("test", call -> {});
    for (int i = 0; i < 200; i++) {
      handOver(background, i);
      long until = System.nanoTime() + 2_000_000; // a 2 ms step
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
    assertThat(background.awaitIdle(10_000)).isTrue();
    // Polling with parks of 20 us doubling to 1 ms took about seven per 2 ms step.
    assertThat(background.parks()).as("parks for 200 calls").isLessThan(3 * 200);
  }

  @Test
  void looksForSeveralCallsAtOnceWhenTheyComeFasterThanItsLookInterval() throws Exception {
    List<Object> seen = new CopyOnWriteArrayList<>();
    BackgroundAnalysis background = new BackgroundAnalysis("test", call -> seen.add(call.labels));
    float[] logits = new float[1024]; // 4 KiB calls: a ring of 16 slots
    List<Object> handed = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      assertThat(background.handOver(logits, (long) i, null, null, null, "fp32")).isTrue();
      handed.add((long) i);
      long until = System.nanoTime() + 100_000; // 0.1 ms steps: 20 per look
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
    assertThat(background.awaitIdle(10_000)).isTrue();
    assertThat(seen).as("every call analysed once, in call order").isEqualTo(handed);
    // Looking for each call took at least one park per call; 20 calls per look take a few (its
    // short polls when the calls run late included): 141 in a loaded run, 2 cores shared.
    assertThat(background.parks()).as("parks for 400 calls").isLessThan(400 / 2);
  }

  @Test
  void ringHoldsAboutTwoMebibytesInThreeToSixteenSlots() {
    assertThat(BackgroundAnalysis.slotsFor(0)).isEqualTo(3);
    assertThat(BackgroundAnalysis.slotsFor(4_000)).isEqualTo(16);
    assertThat(BackgroundAnalysis.slotsFor(113_000)).isEqualTo(16); // the demo's default call
    assertThat(BackgroundAnalysis.slotsFor(300_000)).isEqualTo(7);
    assertThat(BackgroundAnalysis.slotsFor(1 << 20)).isEqualTo(3);
    assertThat(BackgroundAnalysis.slotsFor(100L << 20)).isEqualTo(3);
    assertThat(CallCopy.bytes(new float[3])).isEqualTo(12);
    assertThat(CallCopy.bytes(new int[3])).isEqualTo(12);
    assertThat(CallCopy.bytes(new double[3])).isEqualTo(24);
    assertThat(CallCopy.bytes(new long[3])).isEqualTo(24);
    assertThat(CallCopy.bytes(new float[][] {{1, 2}, null, {3}})).isEqualTo(12);
    assertThat(CallCopy.bytes(new double[][] {{1, 2}})).isEqualTo(16);
    assertThat(CallCopy.bytes("fp32")).isZero();
    assertThat(CallCopy.bytes(null)).isZero();
  }

  @Test
  void resizesTheRingWhenTheCallsChangeSize() throws Exception {
    List<Object> seen = new CopyOnWriteArrayList<>();
    BackgroundAnalysis background =
        new BackgroundAnalysis("test", call -> seen.add(((float[]) call.logits).length));
    List<Object> handed = new ArrayList<>();
    for (int length : new int[] {1_000, 1_000, 400_000, 400_000, 1_000}) {
      for (int i = 0; i < 3; i++) {
        assertThat(background.handOver(new float[length], null, null, null, null, null)).isTrue();
        handed.add(length);
      }
      assertThat(background.awaitIdle(10_000)).isTrue();
      assertThat(background.slots()).isEqualTo(BackgroundAnalysis.slotsFor(4L * length));
    }
    assertThat(seen).as("every call analysed once, in call order").isEqualTo(handed);
  }

  private static void awaitSeen(List<Object> seen, int calls) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (seen.size() < calls) {
      assertThat(System.nanoTime()).as("calls analysed in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Hands over a call whose labels say which call it is; returns the value the analysis sees. */
  private static Object handOver(BackgroundAnalysis background, int call) {
    assertThat(background.handOver(null, (long) call, null, null, null, "fp32")).isTrue();
    return (long) call;
  }

  private static void waitUntilWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("thread waits for a slot").isLessThan(deadline);
      Thread.sleep(5);
    }
    Thread.sleep(100);
    assertThat(thread.getState()).isEqualTo(Thread.State.TIMED_WAITING);
  }

  @Test
  void trainingThreadAllocatesNothingInSteadyState() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ProbeRuntime background = runtime(true);
    Trainer trainer = new Trainer();
    trainer.nextStep(5);
    // Paced: each call waits until the previous one is analysed, as a trainer whose step takes
    // longer than the analysis does. Unpaced, the calls could come faster than their analysis on
    // some machine and the probe would switch to inline analysis (its buffers allocated then).
    for (int i = 0; i < 20_000; i++) {
      trainer.call(background);
      assertThat(background.awaitAnalysed(10_000)).isTrue();
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 10_000; i++) {
      trainer.call(background);
      background.awaitAnalysed(10_000);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(background.awaitAnalysed(10_000)).isTrue();
    assertThat(background.inBackground()).as("still analysing in the background").isTrue();
    assertThat(allocated).as("bytes allocated by 10000 calls").isLessThan(1024);
    assertThat(background.timedCalls()).isEqualTo(30_000);
  }

  @Test
  void copiesEveryArrayLayoutTheAnalysisReads() {
    float[][] rows = {{1, 2}, null, {3}};
    Object copy = CallCopy.copy(rows, null);
    assertThat(copy).isNotSameAs(rows).isInstanceOf(float[][].class);
    assertThat((float[][]) copy).isDeepEqualTo(rows);
    rows[0][0] = 9;
    assertThat(((float[][]) copy)[0][0]).isEqualTo(1);
    assertThat(CallCopy.copy(rows, copy)).isSameAs(copy);
    assertThat(((float[][]) copy)[0][0]).isEqualTo(9);

    double[][] doubles = {{1, 2}};
    assertThat((double[][]) CallCopy.copy(doubles, null)).isDeepEqualTo(doubles);
    long[] longs = {4, 5};
    Object longCopy = CallCopy.copy(longs, new long[2]);
    assertThat((long[]) longCopy).containsExactly(4, 5);
    int[] ints = {1};
    assertThat(CallCopy.copy(ints, new int[2])).isInstanceOf(int[].class).isNotSameAs(ints);
    assertThat((int[]) CallCopy.copy(ints, new int[2])).containsExactly(1);
    Object other = "not an array";
    assertThat(CallCopy.copy(other, null)).isSameAs(other);
    assertThat(CallCopy.copy(null, new float[3])).isNull();
  }
}
