package dev.nfiwatch.demo.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.demo.linalg.Kernels;
import dev.nfiwatch.demo.optim.OptimizerKind;
import dev.nfiwatch.demo.optim.OptimizerSettings;
import dev.nfiwatch.demo.train.TaskSpec.TaskKind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Steady-state training steps (forward, statistics, backward, update, spike rule and test
 * evaluation) allocate nothing on the training thread, whatever runs the products (the JNI path
 * pins the arrays, it copies nothing onto the heap) and the element-wise kernels. The bound is below
 * one byte per step: the JIT's deoptimisations may allocate a few hundred bytes once, while any
 * allocation made every step would cost at least 16 bytes per step.
 *
 * <p>Steady state begins when the JIT's optimising compiler (C2) has compiled the step: until then
 * the Vector API's kernels ({@code ElementKernels} with {@code jdk.incubator.vector}) box every
 * vector, since only C2 keeps vectors in registers. So the test trains in windows of {@value
 * #WINDOW} steps and takes the first {@value #MEASURED} steps from step {@value #WINDOW} on that
 * allocate less than a byte per step as the start of steady state; it must come within {@value
 * #STEPS} steps, and every step after it must allocate nothing either.
 */
class NoAllocationTest {

  private static final int WINDOW = 1000;
  private static final int MEASURED = 4000;
  private static final int STEPS = 40_000;

  @ParameterizedTest
  @CsvSource({
    "FP32, AUTO", "FP64, AUTO", "BF16, AUTO", "FP32, JAVA", "FP64, JAVA", "FP32, EJML", "FP64, EJML"
  })
  void stepsAllocateNothingOnceWarm(Precision precision, Kernels kernels) throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] allocated = new long[STEPS / WINDOW + 1];
    TrainingConfig config =
        new TrainingConfig(
            new TaskSpec(TaskKind.MODADD, 0.3, 17, 10, 16, 2000, 3.0),
            precision,
            8,
            2,
            16,
            STEPS,
            3,
            new OptimizerSettings(OptimizerKind.ADAMW, 1e-2, 0.9, 0.98, 1e-8, 1e-3, 0.9),
            7,
            1,
            kernels);

    Trainer.train(
        config,
        record -> {
          if (record.step % WINDOW == 0) {
            allocated[(int) (record.step / WINDOW)] = threads.getCurrentThreadAllocatedBytes();
          }
        });

    int windows = MEASURED / WINDOW;
    int steady = 1;
    while (steady + windows < allocated.length
        && allocated[steady + windows] - allocated[steady] >= MEASURED) {
      steady++;
    }
    assertThat(allocated[1]).isPositive();
    assertThat(steady + windows)
        .as("a window of %d steps without allocation within %d steps; bytes at each %d steps: %s",
            MEASURED, STEPS, WINDOW, Arrays.toString(allocated))
        .isLessThan(allocated.length);
    int last = allocated.length - 1;
    assertThat(allocated[last] - allocated[steady])
        .as("bytes from step %d on", steady * WINDOW)
        .isLessThan((long) (last - steady) * WINDOW);
  }
}
