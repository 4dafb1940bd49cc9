package dev.nfiwatch.demo.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.demo.linalg.Kernels;
import dev.nfiwatch.demo.optim.OptimizerKind;
import dev.nfiwatch.demo.optim.OptimizerSettings;
import dev.nfiwatch.demo.train.TaskSpec.TaskKind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Steady-state training steps (forward, statistics, backward, update, spike rule and test
 * evaluation) allocate nothing on the training thread, whatever runs the products (the JNI path
 * pins the arrays, it copies nothing onto the heap). The bound is below one byte per step: the
 * JIT's deoptimisations may allocate a few hundred bytes once, while any allocation made every step
 * would cost at least 16 bytes per step.
 */
class NoAllocationTest {

  private static final long FROM = 1000;
  private static final long TO = 5000;

  @ParameterizedTest
  @CsvSource({
    "FP32, AUTO", "FP64, AUTO", "BF16, AUTO", "FP32, JAVA", "FP64, JAVA", "FP32, EJML", "FP64, EJML"
  })
  void stepsAllocateNothingOnceWarm(Precision precision, Kernels kernels) throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] allocated = {threads.getCurrentThreadAllocatedBytes(), 0};
    TrainingConfig config =
        new TrainingConfig(
            new TaskSpec(TaskKind.MODADD, 0.3, 17, 10, 16, 2000, 3.0),
            precision,
            8,
            2,
            16,
            TO + 10,
            3,
            new OptimizerSettings(OptimizerKind.ADAMW, 1e-2, 0.9, 0.98, 1e-8, 1e-3, 0.9),
            7,
            1,
            kernels);

    Trainer.train(
        config,
        record -> {
          if (record.step == FROM) {
            allocated[0] = threads.getCurrentThreadAllocatedBytes();
          } else if (record.step == TO) {
            allocated[1] = threads.getCurrentThreadAllocatedBytes();
          }
        });

    assertThat(allocated[0]).isPositive();
    assertThat(allocated[1] - allocated[0]).isLessThan(TO - FROM);
  }
}
