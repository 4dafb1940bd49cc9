package dev.nfiwatch.it.frameworks.smile;

import dev.nfiwatch.it.frameworks.AbsorptionCount;
import dev.nfiwatch.it.frameworks.overhead.StepSwitch;
import java.util.Random;
import smile.classification.MLP;
import smile.model.mlp.Layer;
import smile.model.mlp.OutputFunction;
import smile.tensor.DenseMatrix;
import smile.tensor.Vector;
import smile.util.function.TimeFunction;

/**
 * Smile's multilayer perceptron at a realistic size (100-128-10, float32, mini-batch 64) made
 * confident at once: the output layer's weights are scaled and each example's label is the class
 * the scaled network already predicts, so many logit gaps pass float32's absorption threshold.
 * Counts absorbed samples from the gradient Smile writes ({@link AbsorptionCount}), meters the
 * agent's allocation on the training thread after a warm-up ({@link StepSwitch#metering}), and
 * prints both. Needs Java 25; runs with the agent only. Arguments: {@code steps weightScale
 * warmUpSteps}.
 */
public final class SmileConfidentTrainer {

  static final int FEATURES = 100;
  static final int HIDDEN = 128;
  static final int CLASSES = 10;
  static final int BATCH = 64;
  static final int BATCHES = 32;

  /** Smile's own network, counting what each example's gradient shows. */
  static final class CountingMlp extends MLP {
    final AbsorptionCount count = new AbsorptionCount();

    CountingMlp() {
      super(Layer.input(FEATURES), Layer.rectifier(HIDDEN), Layer.mle(CLASSES, OutputFunction.SOFTMAX));
    }

    @Override
    protected void backpropagate(boolean update) {
      super.backpropagate(update);
      Vector g = output.gradient();
      Vector target = this.target.get();
      int label = 0;
      double[] gradient = new double[CLASSES];
      for (int k = 0; k < CLASSES; k++) {
        label = target.get(k) > target.get(label) ? k : label;
        gradient[k] = g.get(k);
      }
      count.add(label, gradient);
    }

    void scaleOutputWeights(double scale) {
      DenseMatrix w = output.weight();
      for (int k = 0; k < w.nrow(); k++) {
        for (int f = 0; f < w.ncol(); f++) {
          w.set(k, f, w.get(k, f) * scale);
        }
      }
    }
  }

  private SmileConfidentTrainer() {}

  public static void main(String[] args) {
    int steps = Integer.parseInt(args[0]);
    double scale = Double.parseDouble(args[1]);
    StepSwitch meter = StepSwitch.metering(Long.parseLong(args[2]));
    smile.math.MathEx.setSeed(3);
    CountingMlp model = new CountingMlp();
    model.setLearningRate(TimeFunction.constant(0.01));
    model.scaleOutputWeights(scale);
    Random random = new Random(6);
    double[][][] x = new double[BATCHES][BATCH][FEATURES];
    int[][] y = new int[BATCHES][BATCH];
    for (int b = 0; b < BATCHES; b++) {
      for (int i = 0; i < BATCH; i++) {
        for (int f = 0; f < FEATURES; f++) {
          x[b][i][f] = random.nextGaussian();
        }
        y[b][i] = model.predict(x[b][i]);
      }
    }
    for (int s = 0; s < steps; s++) {
      model.update(x[s % BATCHES], y[s % BATCHES]);
    }
    System.out.println("steps=" + steps);
    model.count.print();
    meter.printMetering();
  }
}
