package dev.nfiwatch.it.frameworks.tribuo;

import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.nfiwatch.it.frameworks.LastStep;
import dev.nfiwatch.it.frameworks.TrainerOutput;
import dev.nfiwatch.it.frameworks.TrainingClock;
import java.nio.file.Path;
import java.util.Random;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.SGDVector;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains Tribuo's linear SGD classifier (softmax cross-entropy, AdaGrad, mini-batches) on separable
 * Gaussian clusters and prints the library's steps, batch sizes and a checksum of the weights.
 *
 * <p>Arguments: {@code examples epochs minibatch lastStepFile|- [models]}: with {@code models} > 1,
 * that many identical models train at once, one per thread, and each prints {@code
 * checksumA=HEX, checksumB=HEX, …}.
 */
public final class TribuoTrainer {

  static final int CLASSES = 4;
  static final int FEATURES = 6;

  /** The library's own objective, recording what it sees (calls the instrumented method). */
  static final class RecordingLogMulticlass extends LogMulticlass {
    final LastStep lastStep;
    long examples;

    RecordingLogMulticlass(LastStep lastStep) {
      this.lastStep = lastStep;
    }

    @Override
    public Pair<Double, SGDVector> lossAndGradient(Integer truth, SGDVector prediction) {
      examples++;
      if (lastStep == null) {
        return super.lossAndGradient(truth, prediction);
      }
      double[] logits = prediction.toArray();
      Pair<Double, SGDVector> result = super.lossAndGradient(truth, prediction);
      lastStep.add(truth, logits, result.getB().toArray());
      return result;
    }
  }

  private TribuoTrainer() {}

  public static void main(String[] args) throws Exception {
    int examples = Integer.parseInt(args[0]);
    int epochs = Integer.parseInt(args[1]);
    int minibatch = Integer.parseInt(args[2]);

    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("gaussian clusters", labels), labels);
    Random random = new Random(7);
    String[] names = new String[FEATURES];
    for (int f = 0; f < FEATURES; f++) {
      names[f] = "f" + f;
    }
    for (int i = 0; i < examples; i++) {
      int c = i % CLASSES;
      double[] x = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        x[f] = (f % CLASSES == c ? 3.0 : 0.0) + random.nextGaussian();
      }
      data.add(new ArrayExample<>(new Label("class" + c), names, x));
    }

    int models = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    if (models > 1) {
      trainAtOnce(data, epochs, minibatch, models);
      return;
    }
    int remainder = examples % minibatch;
    LastStep lastStep = LastStep.forFile(args[3], remainder == 0 ? minibatch : remainder);
    RecordingLogMulticlass objective = new RecordingLogMulticlass(lastStep);
    LinearSGDTrainer trainer =
        new LinearSGDTrainer(objective, new AdaGrad(0.5, 0.1), epochs, -1, minibatch, 1L);
    TrainingClock clock = new TrainingClock();
    LinearSGDModel model = trainer.train(data);
    clock.print();

    TrainerOutput output = new TrainerOutput();
    DenseMatrix weights = model.getWeightsCopy();
    double[][] rows = new double[weights.getDimension1Size()][weights.getDimension2Size()];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < rows[r].length; c++) {
        rows[r][c] = weights.get(r, c);
        output.addParameter(rows[r][c]);
      }
    }
    TrainerOutput.printMeanRowNorm(rows);
    long stepsPerEpoch = (examples + minibatch - 1) / minibatch;
    String batchSizes =
        remainder == 0
            ? minibatch + "x" + stepsPerEpoch * epochs
            : minibatch + "x" + (stepsPerEpoch - 1) * epochs + "," + remainder + "x" + epochs;
    if (lastStep != null) {
      lastStep.write(Path.of(args[3]));
    }
    output.print(stepsPerEpoch * epochs, objective.examples, batchSizes);
  }

  /** {@code models} models trained at once in as many threads, each printing its checksum. */
  private static void trainAtOnce(MutableDataset<Label> data, int epochs, int minibatch, int models)
      throws InterruptedException {
    Thread[] threads = new Thread[models];
    String[] checksums = new String[models];
    for (int m = 0; m < models; m++) {
      int model = m;
      threads[m] = new Thread(() -> {
        LinearSGDTrainer trainer = new LinearSGDTrainer(
            new RecordingLogMulticlass(null), new AdaGrad(0.5, 0.1), epochs, -1, minibatch, 1L);
        DenseMatrix weights = trainer.train(data).getWeightsCopy();
        TrainerOutput output = new TrainerOutput();
        for (int r = 0; r < weights.getDimension1Size(); r++) {
          for (int c = 0; c < weights.getDimension2Size(); c++) {
            output.addParameter(weights.get(r, c));
          }
        }
        checksums[model] = output.checksum();
      }, "tribuo-" + m);
      threads[m].start();
    }
    for (int m = 0; m < models; m++) {
      threads[m].join();
      System.out.println("checksum" + (char) ('A' + m) + "=" + checksums[m]);
    }
  }
}
