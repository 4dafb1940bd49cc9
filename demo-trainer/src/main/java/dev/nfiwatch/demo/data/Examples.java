package dev.nfiwatch.demo.data;

/** One split (train or test) of a classification task: inputs and their class labels. */
public sealed interface Examples permits TokenPairs, FeatureVectors {

  /** The class index of every example. */
  int[] labels();

  /** How many examples the split holds. */
  default int size() {
    return labels().length;
  }
}
