package dev.nfiwatch.demo.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.demo.linalg.Kernels;
import dev.nfiwatch.demo.optim.OptimizerKind;
import dev.nfiwatch.demo.optim.OptimizerSettings;
import dev.nfiwatch.demo.train.TaskSpec.TaskKind;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeterminismTest {

  private static TrainingConfig config(Precision precision, int batch, long seed) {
    return config(precision, batch, seed, 1, Kernels.AUTO);
  }

  private static TrainingConfig config(
      Precision precision, int batch, long seed, int threads, Kernels kernels) {
    return new TrainingConfig(
        new TaskSpec(TaskKind.MODADD, 0.3, 23, 10, 16, 2000, 3.0),
        precision,
        16,
        1,
        batch,
        150,
        seed,
        new OptimizerSettings(OptimizerKind.ADAMW, 1e-2, 0.9, 0.98, 1e-8, 1e-3, 0.9),
        50,
        threads,
        kernels);
  }

  private static long checksum(TrainingConfig config) throws IOException {
    return Trainer.train(config, record -> {}).checksum();
  }

  @ParameterizedTest
  @EnumSource(value = Kernels.class, names = {"AUTO", "JAVA", "EJML"})
  void sameSeedAndOptionsGiveTheSameChecksum(Kernels kernels) throws IOException {
    for (Precision precision : Precision.values()) {
      assertThat(checksum(config(precision, 0, 5, 1, kernels)))
          .as("%s", precision)
          .isEqualTo(checksum(config(precision, 0, 5, 1, kernels)));
    }
    assertThat(checksum(config(Precision.FP32, 32, 5, 1, kernels)))
        .isEqualTo(checksum(config(Precision.FP32, 32, 5, 1, kernels)));
  }

  /** EJML's concurrent kernels split the output by rows: bit-identical to its single thread. */
  @Test
  void ejmlConcurrentProductsGiveTheSameChecksumAsSingleThreaded() throws IOException {
    for (Precision precision : new Precision[] {Precision.FP32, Precision.FP64}) {
      assertThat(checksum(config(precision, 0, 5, 2, Kernels.EJML)))
          .as("%s", precision)
          .isEqualTo(checksum(config(precision, 0, 5, 1, Kernels.EJML)));
    }
  }

  /** The kernels sum in different orders; the network's numbers agree, their last bits do not. */
  @Test
  void eachBackendHasItsOwnChecksum() throws IOException {
    long java = checksum(config(Precision.FP32, 0, 5, 1, Kernels.JAVA));
    long ejml = checksum(config(Precision.FP32, 0, 5, 1, Kernels.EJML));

    assertThat(java).isNotEqualTo(ejml);
  }

  @Test
  void seedPrecisionAndBatchChangeTheChecksum() throws IOException {
    long base = checksum(config(Precision.FP32, 0, 5));

    assertThat(checksum(config(Precision.FP32, 0, 6))).isNotEqualTo(base);
    assertThat(checksum(config(Precision.FP64, 0, 5))).isNotEqualTo(base);
    assertThat(checksum(config(Precision.FP32, 32, 5))).isNotEqualTo(base);
  }
}
