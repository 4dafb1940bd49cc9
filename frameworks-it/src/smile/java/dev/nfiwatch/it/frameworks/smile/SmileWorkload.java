package dev.nfiwatch.it.frameworks.smile;

import java.util.Random;
import smile.classification.MLP;
import smile.model.mlp.Layer;
import smile.model.mlp.OutputFunction;
import smile.util.function.TimeFunction;

/**
 * Smile's multilayer perceptron of realistic size (float32, one ReLU hidden layer, softmax with
 * likelihood cost) on synthetic Gaussian clusters through {@code update(double[][], int[])}: the
 * framework overhead harness's Smile workload. Needs Java 25. Arguments: {@code features hidden
 * classes minibatch}, e.g. {@code 100 128 10 64}; cycles over 32 mini-batches.
 */
public final class SmileWorkload {

  private static final int BATCHES = 32;

  private SmileWorkload() {}

  /** Trains {@code steps} mini-batches. */
  public static void train(long steps, String[] args) {
    int features = Integer.parseInt(args[0]);
    int hidden = Integer.parseInt(args[1]);
    int classes = Integer.parseInt(args[2]);
    int minibatch = Integer.parseInt(args[3]);
    smile.math.MathEx.setSeed(3);
    MLP model =
        new MLP(
            Layer.input(features),
            Layer.rectifier(hidden),
            Layer.mle(classes, OutputFunction.SOFTMAX));
    model.setLearningRate(TimeFunction.constant(0.01));
    Random random = new Random(5);
    double[][][] x = new double[BATCHES][minibatch][features];
    int[][] y = new int[BATCHES][minibatch];
    for (int b = 0; b < BATCHES; b++) {
      for (int i = 0; i < minibatch; i++) {
        y[b][i] = random.nextInt(classes);
        for (int f = 0; f < features; f++) {
          x[b][i][f] = (f % classes == y[b][i] ? 2.0 : 0.0) + random.nextGaussian();
        }
      }
    }
    for (long s = 0; s < steps; s++) {
      model.update(x[(int) (s % BATCHES)], y[(int) (s % BATCHES)]);
    }
  }
}
