package dev.nfiwatch.demo.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.demo.optim.OptimizerKind;
import dev.nfiwatch.demo.optim.OptimizerSettings;
import dev.nfiwatch.demo.train.TaskSpec.TaskKind;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  private static TrainingConfig config(Precision precision, int batch, long seed) {
    return config(precision, batch, seed, 1);
  }

  private static TrainingConfig config(Precision precision, int batch, long seed, int threads) {
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
        threads);
  }

  private static long checksum(TrainingConfig config) throws IOException {
    return Trainer.train(config, record -> {}).checksum();
  }

  @Test
  void sameSeedAndOptionsGiveTheSameChecksum() throws IOException {
    for (Precision precision : Precision.values()) {
      assertThat(checksum(config(precision, 0, 5)))
          .as("%s", precision)
          .isEqualTo(checksum(config(precision, 0, 5)));
    }
    assertThat(checksum(config(Precision.FP32, 32, 5)))
        .isEqualTo(checksum(config(Precision.FP32, 32, 5)));
  }

  @Test
  void concurrentMatrixProductsGiveTheSameChecksumAsSingleThreaded() throws IOException {
    for (Precision precision : new Precision[] {Precision.FP32, Precision.FP64}) {
      assertThat(checksum(config(precision, 0, 5, 2)))
          .as("%s", precision)
          .isEqualTo(checksum(config(precision, 0, 5, 1)));
    }
  }

  @Test
  void seedPrecisionAndBatchChangeTheChecksum() throws IOException {
    long base = checksum(config(Precision.FP32, 0, 5));

    assertThat(checksum(config(Precision.FP32, 0, 6))).isNotEqualTo(base);
    assertThat(checksum(config(Precision.FP64, 0, 5))).isNotEqualTo(base);
    assertThat(checksum(config(Precision.FP32, 32, 5))).isNotEqualTo(base);
  }
}
