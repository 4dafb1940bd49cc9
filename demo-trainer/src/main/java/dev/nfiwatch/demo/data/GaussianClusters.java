package dev.nfiwatch.demo.data;

import java.util.SplittableRandom;

/**
 * K Gaussian clusters in d dimensions: each class has a random centre (standard normal times
 * {@code separation}), each example is its class centre plus standard normal noise.
 */
public final class GaussianClusters {

  private GaussianClusters() {}

  /**
   * @param classes K
   * @param dimensions d
   * @param samples how many examples in total (train plus test)
   * @param separation the scale of the class centres relative to the unit noise
   * @param trainShare the share of examples used for training, in (0, 1)
   * @param seed the seed of centres, examples and split
   */
  public static Task create(
      int classes, int dimensions, int samples, double separation, double trainShare, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] centres = new double[classes * dimensions];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = separation * Normal.sample(random);
    }
    int trainSize = (int) (trainShare * samples);
    return new Task(
        examples(trainSize, centres, classes, dimensions, random),
        examples(samples - trainSize, centres, classes, dimensions, random),
        classes);
  }

  private static FeatureVectors examples(
      int n, double[] centres, int classes, int dimensions, SplittableRandom random) {
    double[] features = new double[n * dimensions];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(classes);
      for (int j = 0; j < dimensions; j++) {
        features[i * dimensions + j] =
            centres[labels[i] * dimensions + j] + Normal.sample(random);
      }
    }
    return new FeatureVectors(features, dimensions, labels);
  }
}
