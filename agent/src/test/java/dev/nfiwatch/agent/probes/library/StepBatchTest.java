package dev.nfiwatch.agent.probes.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.analysis.BatchStats;
import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.analysis.GradientScale;
import dev.nfiwatch.agent.analysis.GradientSign;
import dev.nfiwatch.agent.analysis.LabelForm;
import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepBatchTest {

  private static final AnalysisSpec SPEC =
      new AnalysisSpec(0, LabelForm.INDICES, GradientSign.P_MINUS_Y, GradientScale.SAMPLE, null);

  /** Keeps what the probe handed to its observers on the last call. */
  private static final class LastCall implements BatchObserver {
    int batch;
    int absorbed;
    Dtype dtype;
    Object weights;
    Object features;

    @Override
    public void onBatch(BatchStats stats, Object classifierWeights, Object classifierInput) {
      batch = stats.batch();
      absorbed = stats.absorbed();
      dtype = stats.dtype();
      weights = classifierWeights;
      features = classifierInput;
    }
  }

  private final LastCall last = new LastCall();
  private final ProbeRuntime runtime = new ProbeRuntime("test", SPEC, List.of(last));
  private final StepBatch step = new StepBatch(AnalysisSpec.DEFAULT_MAX_SAMPLES);
  private final double[][] featureRows = rowsByLength();
  private final double[][] gradientRows = rowsByLength();

  private static double[][] rowsByLength() {
    double[][] rows = new double[17][];
    for (int n = 0; n < rows.length; n++) {
      rows[n] = new double[n];
    }
    return rows;
  }

  @Test
  void handsOverOneStepOfExamplesFeaturesAndWeightsInTheLibrarysFormat() {
    addExample(0, new double[] {2, 0, 0}, 2);
    addExample(1, new double[] {0, 3, 1}, 2);
    addExample(2, new double[] {0, 0, 50}, 2);
    step.weights(3, 2);
    for (int k = 0; k < 3; k++) {
      step.weightRow(k, new double[] {-1, 2 * k, 2 * k + 1}, 1);
    }
    assertThat(step.examples()).isEqualTo(3);

    step.submit(runtime, Dtype.FP64);

    assertThat(runtime.calls()).isEqualTo(1);
    assertThat(runtime.samples()).isEqualTo(3);
    assertThat(last.batch).isEqualTo(3);
    assertThat(last.dtype).isEqualTo(Dtype.FP64);
    assertThat(last.weights).isEqualTo(new double[] {0, 1, 2, 3, 4, 5});
    assertThat(last.features).isEqualTo(new double[] {0, 1, 1, 2, 2, 3});
    assertThat(step.examples()).as("the next step starts empty").isZero();
  }

  @Test
  void aStepAboveTheSampleLimitIsCountedNotCopiedAndTheNextStepIsAnalysed() {
    StepBatch capped = new StepBatch(3);
    for (int i = 0; i < 5; i++) {
      capped.logits(new double[] {1, 0}, 0, 2);
      capped.gradient(new double[2], 0, 2);
      capped.addExample(0);
    }
    assertThat(capped.examples()).as("staged no further than the limit").isEqualTo(3);
    capped.submit(runtime, Dtype.FP64);
    assertThat(runtime.calls()).isEqualTo(1);
    assertThat(runtime.samples()).isZero();
    assertThat(runtime.errors(ProbeErrorReason.BATCH_TOO_LARGE)).isEqualTo(1);

    capped.logits(new double[2], 0, 2);
    capped.gradient(new double[2], 0, 2);
    capped.addExample(1);
    capped.submit(runtime, Dtype.FP64);
    assertThat(runtime.samples()).as("the next step is analysed").isEqualTo(1);
    assertThat(runtime.errors()).isEqualTo(1);
  }

  @Test
  void floatFormatsGetFloatArraysAndAbsorptionIsSeenInThem() {
    addExample(0, new double[] {30, 0, 0}, 1);
    step.submit(runtime, Dtype.FP32);
    assertThat(last.dtype).isEqualTo(Dtype.FP32);
    assertThat(last.features).isInstanceOf(float[].class);
    assertThat(last.absorbed).as("p_c rounds to 1 in float at a 30-nat gap").isEqualTo(1);
    assertThat(last.weights).as("no weights were filled").isNull();
  }

  @Test
  void featuresGoAlongOnlyWhenEveryExampleHasItsRow() {
    addExample(0, new double[] {1, 0}, 1);
    addExample(1, new double[] {0, 1}, 1);
    step.featuresUnavailable();
    step.submit(runtime, Dtype.FP64);
    assertThat(last.batch).isEqualTo(2);
    assertThat(last.features).isNull();

    addExample(0, new double[] {1, 0}, 1);
    double[] logits = {0, 1};
    step.logits(logits, 0, 2);
    step.gradient(softmaxGradient(logits, 1), 0, 2);
    step.addExample(1);
    step.submit(runtime, Dtype.FP64);
    assertThat(last.batch).isEqualTo(2);
    assertThat(last.features).as("one example had no features row").isNull();
  }

  @Test
  void aStepWithoutExamplesIsNotHandedOver() {
    step.features(new double[] {1, 0, 0}, 0, 3);
    step.submit(runtime, Dtype.FP64);
    assertThat(runtime.calls()).isZero();
  }

  @Test
  void allocatesNothingOnceEveryBatchSizeOfTheRunHasBeenSeen() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double[] z = new double[10];
    for (int i = 0; i < 20_000; i++) {
      runStep(i % 4 == 3 ? 8 : 32, z);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 10_000; i++) {
      runStep(i % 4 == 3 ? 8 : 32, z);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).as("bytes allocated by 10000 steps").isLessThan(1024);
    assertThat(runtime.calls()).isEqualTo(30_000);
  }

  @Test
  void inTheBackgroundTheStepsArraysAreLentToTheRingAllocationFreeAndAllAnalysed() throws Exception {
    ProbeRuntime background = new ProbeRuntime("test", "0", SPEC, List.of(last), null, true);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double[] z = new double[10];
    for (int i = 0; i < 20_000; i++) {
      runStep(background, i % 4 == 3 ? 8 : 32, z);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 10_000; i++) {
      runStep(background, i % 4 == 3 ? 8 : 32, z);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).as("bytes allocated by 10000 steps").isLessThan(1024);
    assertThat(background.awaitAnalysed(60_000)).isTrue();
    assertThat(background.samples()).isEqualTo(30_000 / 4 * (3 * 32 + 8));
    assertThat(background.errors()).isZero();
    assertThat(last.features).as("the last step's features, as written").isInstanceOf(float[].class);
    assertThat(((float[]) last.features)[16 * 7 + 2]).isEqualTo(7 % 10 + 2);
  }

  private void runStep(int batch, double[] z) {
    runStep(runtime, batch, z);
  }

  private void runStep(ProbeRuntime runtime, int batch, double[] z) {
    for (int i = 0; i < batch; i++) {
      z[i % z.length] = i * 0.5;
      addExample(i % 10, z, 16);
    }
    step.weights(10, 16);
    step.weight(0, 3, 1);
    step.submit(runtime, Dtype.FP32);
  }

  /** Adds an example with the given logits, its softmax gradient and a features row of {@code width}. */
  private void addExample(int label, double[] z, int width) {
    step.logits(z, 0, z.length);
    step.gradient(softmaxGradient(z, label), 0, z.length);
    step.addExample(label);
    double[] features = featureRows[width];
    for (int f = 0; f < width; f++) {
      features[f] = label + f;
    }
    step.features(features, 0, width);
  }

  /** The softmax gradient of {@code z} for {@code label}, in a buffer reused for each class count. */
  private double[] softmaxGradient(double[] z, int label) {
    double[] gradient = gradientRows[z.length];
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v - max);
    }
    for (int k = 0; k < z.length; k++) {
      gradient[k] = (float) (Math.exp(z[k] - max) / sum) - (k == label ? 1 : 0);
    }
    return gradient;
  }
}
