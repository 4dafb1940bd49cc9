package dev.nfiwatch.agent.nfi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassifierGeometryTest {

  // K = 2 classes, 3 features, classes × features.
  private static final double[] W = {1, 2, 3, 3, 0, -1};
  // The same weights stored features × classes.
  private static final double[] W_T = {1, 3, 2, 0, 3, -1};
  // 2 samples × 3 features.
  private static final double[] H = {2, 0, 4, 0, 2, 0};
  private static final double[] R = {0.5, -0.25};

  // w̄ = (2, 1, 1); h̄ = (1, 1, 2); drift = (1/2)(0.5·(2,0,4) − 0.25·(0,2,0)) = (0.5, −0.25, 1).
  private static final double W_NORM = Math.sqrt(1 + 4 + 9 + 9 + 0 + 1);
  private static final double W_MEAN_NORM = Math.sqrt(6);
  private static final double H_MEAN_NORM = Math.sqrt(6);
  private static final double DRIFT_NORM = Math.sqrt(0.25 + 0.0625 + 1);
  private static final double COSINE = (2 + 1 + 2) / 6.0;

  @Test
  void measuresClassesByFeaturesDoubles() {
    ClassifierGeometry geometry = new ClassifierGeometry();
    assertThat(geometry.measure(W, 2, WeightOrientation.CLASSES_BY_FEATURES, H, 2, R)).isTrue();
    assertExpected(geometry);
  }

  @Test
  void measuresFeaturesByClassesFloats() {
    ClassifierGeometry geometry = new ClassifierGeometry();
    geometry.measure(toFloat(W_T), 2, WeightOrientation.FEATURES_BY_CLASSES, toFloat(H), 2, R);
    assertExpected(geometry);
  }

  @Test
  void reusedBuffersDoNotLeakIntoTheNextBatch() {
    ClassifierGeometry geometry = new ClassifierGeometry();
    double[] other = {9, 9, 9, 9, 9, 9};
    geometry.measure(other, 2, WeightOrientation.CLASSES_BY_FEATURES, other, 2, new double[] {1, 1});
    geometry.measure(W, 2, WeightOrientation.CLASSES_BY_FEATURES, H, 2, R);
    assertExpected(geometry);
  }

  @Test
  void readsOnlyTheBatchRowsOfALargerFeatureArray() {
    double[] padded = {2, 0, 4, 0, 2, 0, 100, 100, 100};
    ClassifierGeometry geometry = new ClassifierGeometry();
    geometry.measure(W, 2, WeightOrientation.CLASSES_BY_FEATURES, padded, 2, R);
    assertExpected(geometry);
  }

  @Test
  void missingArraysReadNaN() {
    ClassifierGeometry geometry = new ClassifierGeometry();
    assertThat(geometry.measure(null, 2, WeightOrientation.CLASSES_BY_FEATURES, H, 2, null))
        .isFalse();
    assertThat(geometry.classifierNorm()).isNaN();
    assertThat(geometry.meanCosine()).isNaN();
    assertThat(geometry.driftNorm()).isNaN();
    assertThat(geometry.featureMeanNorm()).isCloseTo(H_MEAN_NORM, within(1e-12));

    geometry.measure(W, 2, WeightOrientation.CLASSES_BY_FEATURES, "not an array", 2, R);
    assertThat(geometry.classifierMeanNorm()).isCloseTo(W_MEAN_NORM, within(1e-12));
    assertThat(geometry.featureMeanNorm()).isNaN();

    assertThat(geometry.measure(new double[5], 2, WeightOrientation.CLASSES_BY_FEATURES, null, 2, R))
        .as("5 weights do not split into 2 classes")
        .isFalse();
  }

  private static void assertExpected(ClassifierGeometry geometry) {
    assertThat(geometry.classifierNorm()).isCloseTo(W_NORM, within(1e-12));
    assertThat(geometry.classifierMeanNorm()).isCloseTo(W_MEAN_NORM, within(1e-12));
    assertThat(geometry.featureMeanNorm()).isCloseTo(H_MEAN_NORM, within(1e-12));
    assertThat(geometry.driftNorm()).isCloseTo(DRIFT_NORM, within(1e-12));
    assertThat(geometry.meanCosine()).isCloseTo(COSINE, within(1e-12));
  }

  private static float[] toFloat(double[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) values[i];
    }
    return result;
  }
}
