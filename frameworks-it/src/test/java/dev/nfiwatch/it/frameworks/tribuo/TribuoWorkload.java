package dev.nfiwatch.it.frameworks.tribuo;

import java.util.Random;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Tribuo's linear SGD classifier (softmax cross-entropy, Adam) of realistic size on synthetic
 * Gaussian clusters: the framework overhead harness's Tribuo workload. Arguments: {@code features
 * classes minibatch}, e.g. {@code 100 20 64}; the data set has 100 mini-batches per epoch.
 */
public final class TribuoWorkload {

  private TribuoWorkload() {}

  /** Trains at least {@code steps} mini-batches (whole epochs). */
  public static void train(long steps, String[] args) {
    int features = Integer.parseInt(args[0]);
    int classes = Integer.parseInt(args[1]);
    int minibatch = Integer.parseInt(args[2]);
    MutableDataset<Label> data = clusters(100 * minibatch, features, classes, 1.0, new Random(3));
    int epochs = (int) ((steps + 99) / 100);
    new LinearSGDTrainer(new LogMulticlass(), new Adam(0.01, 1e-8), epochs, -1, minibatch, 1L)
        .train(data);
  }

  /**
   * {@code examples} examples of {@code classes} Gaussian clusters, feature {@code f} of class
   * {@code c} centred on {@code scale·3} when {@code f % classes == c}, of spread {@code scale}.
   */
  static MutableDataset<Label> clusters(
      int examples, int features, int classes, double scale, Random random) {
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("gaussian clusters", labels), labels);
    String[] names = new String[features];
    for (int f = 0; f < features; f++) {
      names[f] = String.format("f%03d", f);
    }
    for (int i = 0; i < examples; i++) {
      int c = i % classes;
      double[] x = new double[features];
      for (int f = 0; f < features; f++) {
        x[f] = scale * ((f % classes == c ? 3.0 : 0.0) + random.nextGaussian());
      }
      data.add(new ArrayExample<>(new Label(String.format("class%02d", c)), names, x));
    }
    return data;
  }
}
