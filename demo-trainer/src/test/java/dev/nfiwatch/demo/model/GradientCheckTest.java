package dev.nfiwatch.demo.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.demo.data.GaussianClusters;
import dev.nfiwatch.demo.data.ModularAddition;
import dev.nfiwatch.demo.data.Task;
import dev.nfiwatch.demo.linalg.DoubleOps;
import dev.nfiwatch.demo.metrics.BatchStatistics;
import dev.nfiwatch.demo.metrics.StepRecord;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The whole network's backward pass against central finite differences of the loss, in fp64. */
class GradientCheckTest {

  private static final double H = 1e-6;

  @Test
  void embeddingNetworkGradientsMatchFiniteDifferences() {
    Task task = ModularAddition.create(7, 0.5, 3);
    check(task, 2);
  }

  @Test
  void vectorInputNetworkGradientsMatchFiniteDifferences() {
    Task task = GaussianClusters.create(4, 5, 40, 2.0, 0.5, 4);
    check(task, 1);
  }

  private static void check(Task task, int depth) {
    int batch = task.train().size();
    Network<DMatrixRMaj> network =
        Networks.forTask(new DoubleOps(false), task, 6, depth, batch, 11, "fp64");
    int[] rows = new int[batch];
    for (int i = 0; i < batch; i++) {
      rows[i] = i;
    }
    int[] labels = task.train().labels();
    BatchStatistics<DMatrixRMaj> statistics = new BatchStatistics<>(network, batch);
    StepRecord record = new StepRecord();

    network.forward(task.train(), rows);
    network.backward(labels);

    SplittableRandom random = new SplittableRandom(5);
    int checked = 0;
    for (Parameter<DMatrixRMaj> p : network.parameters()) {
      double[] value = p.value().data;
      for (int sample = 0; sample < 6; sample++) {
        int index = random.nextInt(value.length);
        double original = value[index];
        value[index] = original + H;
        double plus = loss(network, task, rows, labels, statistics, record);
        value[index] = original - H;
        double minus = loss(network, task, rows, labels, statistics, record);
        value[index] = original;

        double numeric = (plus - minus) / (2 * H);
        double analytic = p.grad().data[index];
        assertThat(Math.abs(numeric - analytic))
            .as("%s[%d]: analytic %s numeric %s", p.name(), index, analytic, numeric)
            .isLessThan(1e-7 + 1e-5 * Math.abs(numeric));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(6 * network.parameters().size());
  }

  private static double loss(
      Network<DMatrixRMaj> network,
      Task task,
      int[] rows,
      int[] labels,
      BatchStatistics<DMatrixRMaj> statistics,
      StepRecord record) {
    network.forward(task.train(), rows);
    statistics.measure(labels, record);
    return record.loss;
  }
}
