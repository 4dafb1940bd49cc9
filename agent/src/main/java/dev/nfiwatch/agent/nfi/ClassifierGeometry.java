package dev.nfiwatch.agent.nfi;

import java.util.Arrays;

/**
 * The norms that show Numerical Feature Inflation, measured from the classifier's raw arrays.
 *
 * <pre>{@code
 * ClassifierGeometry geometry = new ClassifierGeometry();
 * geometry.measure(weights, classes, WeightOrientation.CLASSES_BY_FEATURES, features, batch, residuals);
 * double inflation = geometry.featureMeanNorm();
 * }</pre>
 *
 * <p>From the weights {@code W} (classes × features or features × classes, {@code float[]} or
 * {@code double[]}), the batch's input features {@code H} (batch × features) and the per-sample
 * zero-sum residuals {@code r_i = Σ_k g_ik}: ‖W‖ (Frobenius), ‖w̄‖ (the mean classifier row), ‖h̄‖
 * (the batch-mean feature), ‖(1/K) Σ_i r_i h_i‖ (the drift that pushes w̄ when zero-sum is broken)
 * and cos(w̄, h̄). One pass over {@code W}, one over {@code H}, accumulated in double into buffers
 * sized on the first call (and again only if the feature count changes); nothing else is allocated.
 *
 * <p>Values that cannot be measured (an array missing, of an unknown type or too short) read NaN.
 * Not thread-safe: one instance per probe.
 */
public final class ClassifierGeometry {

  private double[] meanRow = new double[0];
  private double[] meanFeature = new double[0];
  private double[] drift = new double[0];

  private double classifierNorm = Double.NaN;
  private double classifierMeanNorm = Double.NaN;
  private double featureMeanNorm = Double.NaN;
  private double driftNorm = Double.NaN;
  private double meanCosine = Double.NaN;

  /**
   * Measures one batch.
   *
   * @param weights the classifier weights, {@code float[]} or {@code double[]}, or null
   * @param classes the number of classes K (logits per sample)
   * @param orientation how {@code weights} is laid out
   * @param features the batch's input features, batch × features, {@code float[]} or {@code
   *     double[]}, or null
   * @param batch the number of samples in the batch
   * @param residuals the per-sample signed residuals {@code r_i}, at least {@code batch} long, or
   *     null (then the drift is not measured)
   * @return whether the weight norms were measured (the feature norms are measured whenever the
   *     feature array fits, with or without weights)
   */
  public boolean measure(
      Object weights,
      int classes,
      WeightOrientation orientation,
      Object features,
      int batch,
      double[] residuals) {
    classifierNorm = classifierMeanNorm = featureMeanNorm = driftNorm = meanCosine = Double.NaN;
    int weightLength = length(weights);
    boolean hasWeights = classes > 0 && weightLength > 0 && weightLength % classes == 0;
    int featureLength = length(features);
    int width;
    if (hasWeights) {
      width = weightLength / classes;
    } else if (batch > 0 && featureLength > 0 && featureLength % batch == 0) {
      width = featureLength / batch;
    } else {
      return false;
    }
    ensureWidth(width);
    if (hasWeights) {
      double sumSquares =
          weights instanceof float[]
              ? rowSumsFloat((float[]) weights, classes, width, orientation)
              : rowSumsDouble((double[]) weights, classes, width, orientation);
      classifierNorm = Math.sqrt(sumSquares);
      double meanRowSquares = 0;
      for (int f = 0; f < width; f++) {
        meanRow[f] /= classes;
        meanRowSquares += meanRow[f] * meanRow[f];
      }
      classifierMeanNorm = Math.sqrt(meanRowSquares);
    }
    if (batch > 0 && featureLength >= batch * width) {
      measureFeatures(features, Math.max(classes, 1), width, batch, residuals, hasWeights);
    }
    return hasWeights;
  }

  private void measureFeatures(
      Object features, int classes, int width, int batch, double[] residuals, boolean hasWeights) {
    Arrays.fill(meanFeature, 0, width, 0.0);
    Arrays.fill(drift, 0, width, 0.0);
    double[] r = residuals != null && residuals.length >= batch ? residuals : null;
    if (features instanceof float[]) {
      sumFeaturesFloat((float[]) features, width, batch, r);
    } else {
      sumFeaturesDouble((double[]) features, width, batch, r);
    }
    double featureSquares = 0;
    double driftSquares = 0;
    double dot = 0;
    for (int f = 0; f < width; f++) {
      double h = meanFeature[f] / batch;
      featureSquares += h * h;
      dot += hasWeights ? h * meanRow[f] : 0;
      double d = drift[f] / classes;
      driftSquares += d * d;
    }
    featureMeanNorm = Math.sqrt(featureSquares);
    driftNorm = r == null ? Double.NaN : Math.sqrt(driftSquares);
    double product = featureMeanNorm * classifierMeanNorm;
    meanCosine = hasWeights && product > 0 ? dot / product : Double.NaN;
  }

  private double rowSumsFloat(float[] w, int classes, int width, WeightOrientation orientation) {
    Arrays.fill(meanRow, 0, width, 0.0);
    double squares = 0;
    if (orientation == WeightOrientation.CLASSES_BY_FEATURES) {
      for (int k = 0, at = 0; k < classes; k++) {
        for (int f = 0; f < width; f++, at++) {
          double v = w[at];
          squares += v * v;
          meanRow[f] += v;
        }
      }
    } else {
      for (int f = 0, at = 0; f < width; f++) {
        double sum = 0;
        for (int k = 0; k < classes; k++, at++) {
          double v = w[at];
          squares += v * v;
          sum += v;
        }
        meanRow[f] = sum;
      }
    }
    return squares;
  }

  private double rowSumsDouble(double[] w, int classes, int width, WeightOrientation orientation) {
    Arrays.fill(meanRow, 0, width, 0.0);
    double squares = 0;
    if (orientation == WeightOrientation.CLASSES_BY_FEATURES) {
      for (int k = 0, at = 0; k < classes; k++) {
        for (int f = 0; f < width; f++, at++) {
          double v = w[at];
          squares += v * v;
          meanRow[f] += v;
        }
      }
    } else {
      for (int f = 0, at = 0; f < width; f++) {
        double sum = 0;
        for (int k = 0; k < classes; k++, at++) {
          double v = w[at];
          squares += v * v;
          sum += v;
        }
        meanRow[f] = sum;
      }
    }
    return squares;
  }

  private void sumFeaturesFloat(float[] h, int width, int batch, double[] r) {
    for (int i = 0, at = 0; i < batch; i++) {
      double residual = r == null ? 0 : r[i];
      for (int f = 0; f < width; f++, at++) {
        double v = h[at];
        meanFeature[f] += v;
        drift[f] += residual * v;
      }
    }
  }

  private void sumFeaturesDouble(double[] h, int width, int batch, double[] r) {
    for (int i = 0, at = 0; i < batch; i++) {
      double residual = r == null ? 0 : r[i];
      for (int f = 0; f < width; f++, at++) {
        double v = h[at];
        meanFeature[f] += v;
        drift[f] += residual * v;
      }
    }
  }

  private void ensureWidth(int width) {
    if (meanRow.length != width) {
      meanRow = new double[width];
      meanFeature = new double[width];
      drift = new double[width];
    }
  }

  private static int length(Object array) {
    if (array instanceof float[]) {
      return ((float[]) array).length;
    }
    if (array instanceof double[]) {
      return ((double[]) array).length;
    }
    return -1;
  }

  /** ‖W‖, the Frobenius norm of the classifier weights. */
  public double classifierNorm() {
    return classifierNorm;
  }

  /** ‖w̄‖, the norm of the mean classifier row (1/K) Σ_k W_k. */
  public double classifierMeanNorm() {
    return classifierMeanNorm;
  }

  /** ‖h̄‖, the norm of the batch-mean input feature. */
  public double featureMeanNorm() {
    return featureMeanNorm;
  }

  /** ‖(1/K) Σ_i r_i h_i‖, the norm of the force on w̄ from broken zero-sum. */
  public double driftNorm() {
    return driftNorm;
  }

  /** cos(w̄, h̄): near ±1 when the mean row and the mean feature inflate together. */
  public double meanCosine() {
    return meanCosine;
  }
}
