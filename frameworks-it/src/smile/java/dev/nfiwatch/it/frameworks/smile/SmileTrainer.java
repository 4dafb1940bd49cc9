package dev.nfiwatch.it.frameworks.smile;

import dev.nfiwatch.it.frameworks.LastStep;
import dev.nfiwatch.it.frameworks.TrainerOutput;
import dev.nfiwatch.it.frameworks.TrainingClock;
import java.nio.file.Path;
import java.util.Random;
import smile.classification.MLP;
import smile.model.mlp.Layer;
import smile.model.mlp.OutputFunction;
import smile.tensor.DenseMatrix;
import smile.tensor.Vector;
import smile.util.function.TimeFunction;

/**
 * Trains Smile's multilayer perceptron classifier (softmax, likelihood cost, mini-batches through
 * {@code update(double[][], int[])}) on separable Gaussian clusters and prints Smile's own update
 * count, the batch sizes and a checksum of the output layer's weights. Needs Java 25 (Smile 6).
 *
 * <p>Arguments: {@code examples epochs minibatch lastStepFile|-}.
 */
public final class SmileTrainer {

  static final int CLASSES = 5;
  static final int FEATURES = 8;
  static final int HIDDEN = 16;

  /**
   * Smile's own network, recording each example: its logits recomputed from the output layer's
   * weights and input before the backward pass (Smile overwrites them with the softmax), and the
   * gradient Smile wrote.
   */
  static final class RecordingMlp extends MLP {
    private final LastStep lastStep;
    long examples;

    RecordingMlp(LastStep lastStep) {
      super(
          Layer.input(FEATURES),
          Layer.rectifier(HIDDEN),
          Layer.mle(CLASSES, OutputFunction.SOFTMAX));
      this.lastStep = lastStep;
    }

    @Override
    protected void backpropagate(boolean update) {
      examples++;
      if (lastStep == null) {
        super.backpropagate(update);
        return;
      }
      Vector h = net[net.length - 1].output();
      DenseMatrix w = output.weight();
      Vector b = output.bias();
      float[] z = new float[CLASSES];
      for (int k = 0; k < CLASSES; k++) {
        double sum = b.get(k);
        for (int f = 0; f < h.size(); f++) {
          sum += w.get(k, f) * h.get(f);
        }
        z[k] = (float) sum;
      }
      Vector target = this.target.get();
      int label = 0;
      for (int k = 1; k < CLASSES; k++) {
        label = target.get(k) > target.get(label) ? k : label;
      }
      super.backpropagate(update);
      Vector g = output.gradient();
      float[] gradient = new float[CLASSES];
      for (int k = 0; k < CLASSES; k++) {
        gradient[k] = (float) g.get(k);
      }
      lastStep.add(label, z, gradient);
    }

    int updates() {
      return t;
    }

    Layer outputLayer() {
      return output;
    }

    String scalarType() {
      return output.gradient().scalarType().name();
    }
  }

  private SmileTrainer() {}

  public static void main(String[] args) throws Exception {
    int examples = Integer.parseInt(args[0]);
    int epochs = Integer.parseInt(args[1]);
    int minibatch = Integer.parseInt(args[2]);

    Random random = new Random(5);
    double[][] x = new double[examples][FEATURES];
    int[] y = new int[examples];
    for (int i = 0; i < examples; i++) {
      y[i] = i % CLASSES;
      for (int f = 0; f < FEATURES; f++) {
        x[i][f] = (f % CLASSES == y[i] ? 3.0 : 0.0) + random.nextGaussian();
      }
    }
    int remainder = examples % minibatch;
    smile.math.MathEx.setSeed(3);
    RecordingMlp model = new RecordingMlp(LastStep.forFile(args[3], remainder == 0 ? minibatch : remainder));
    model.setLearningRate(TimeFunction.constant(0.05));
    long steps = 0;
    TrainingClock clock = new TrainingClock();
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int start = 0; start < examples; start += minibatch) {
        int end = Math.min(examples, start + minibatch);
        double[][] batchX = new double[end - start][];
        int[] batchY = new int[end - start];
        for (int i = start; i < end; i++) {
          batchX[i - start] = x[i];
          batchY[i - start] = y[i];
        }
        model.update(batchX, batchY);
        steps++;
      }
    }
    clock.print();
    TrainerOutput output = new TrainerOutput();
    DenseMatrix w = model.outputLayer().weight();
    double[][] rows = new double[w.nrow()][w.ncol()];
    for (int r = 0; r < w.nrow(); r++) {
      for (int c = 0; c < w.ncol(); c++) {
        rows[r][c] = w.get(r, c);
        output.addParameter(w.get(r, c));
      }
    }
    TrainerOutput.printMeanRowNorm(rows);
    long stepsPerEpoch = (examples + minibatch - 1) / minibatch;
    String batchSizes =
        remainder == 0
            ? minibatch + "x" + stepsPerEpoch * epochs
            : minibatch + "x" + (stepsPerEpoch - 1) * epochs + "," + remainder + "x" + epochs;
    if (model.lastStep != null) {
      model.lastStep.write(Path.of(args[3]));
    }
    System.out.println("scalarType=" + model.scalarType());
    System.out.println("trainerSteps=" + steps);
    output.print(model.updates(), model.examples, batchSizes);
  }
}
