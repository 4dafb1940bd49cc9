package dev.nfiwatch.demo.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {

  private static final int BATCH = 5;
  private static final int CLASSES = 7;

  /** softmax − onehot computed independently: p_k = 1 / Σ_j exp(z_j − z_k), in double. */
  private static double[] reference(double[] logits, int[] labels) {
    double[] grad = new double[logits.length];
    for (int i = 0; i < labels.length; i++) {
      for (int k = 0; k < CLASSES; k++) {
        double denominator = 0;
        for (int j = 0; j < CLASSES; j++) {
          denominator += Math.exp(logits[i * CLASSES + j] - logits[i * CLASSES + k]);
        }
        grad[i * CLASSES + k] = 1.0 / denominator - (k == labels[i] ? 1.0 : 0.0);
      }
    }
    return grad;
  }

  private static double[] randomLogits(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] logits = new double[BATCH * CLASSES];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = random.nextDouble(-6, 6);
    }
    return logits;
  }

  private static final int[] LABELS = {0, 3, 6, 2, 2};

  @Test
  void doubleBackwardMatchesTheReference() {
    double[] logits = randomLogits(1);
    double[] grad = new double[logits.length];
    new SoftmaxCrossEntropy(null, null, "fp64").backward(logits, LABELS, grad);

    double[] expected = reference(logits, LABELS);
    for (int i = 0; i < grad.length; i++) {
      assertThat(grad[i]).isCloseTo(expected[i], within(1e-15));
    }
  }

  @Test
  void floatBackwardMatchesTheReferenceToFloatPrecision() {
    double[] logits = randomLogits(2);
    float[] floatLogits = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      floatLogits[i] = (float) logits[i];
      logits[i] = floatLogits[i];
    }
    float[] grad = new float[logits.length];
    new SoftmaxCrossEntropy(null, null, "fp32").backward(floatLogits, LABELS, grad);

    double[] expected = reference(logits, LABELS);
    for (int i = 0; i < grad.length; i++) {
      assertThat((double) grad[i]).isCloseTo(expected[i], within(4e-7));
    }
  }

  @Test
  void bf16BackwardRoundsProbabilitiesToBfloat16() {
    double[] logits = randomLogits(3);
    float[] floatLogits = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      floatLogits[i] = (float) logits[i];
    }
    float[] grad = new float[logits.length];
    new SoftmaxCrossEntropy(null, null, "bf16").backward(floatLogits, LABELS, grad);

    double[] expected = reference(logits, LABELS);
    for (int i = 0; i < grad.length; i++) {
      boolean correctClass = i % CLASSES == LABELS[i / CLASSES];
      float probability = correctClass ? grad[i] + 1f : grad[i];
      assertThat(Float.floatToRawIntBits(probability) & 0xFFFF).isZero();
      assertThat((double) grad[i]).isCloseTo(expected[i], within(1.0 / 256));
    }
  }

  @Test
  void gapOf25NatsAbsorbsTheCorrectClassInFloatButNotInDouble() {
    float[] floatLogits = new float[CLASSES];
    double[] doubleLogits = new double[CLASSES];
    floatLogits[4] = 25f;
    doubleLogits[4] = 25.0;
    int[] label = {4};

    float[] floatGrad = new float[CLASSES];
    double[] doubleGrad = new double[CLASSES];
    new SoftmaxCrossEntropy(null, null, "fp32").backward(floatLogits, label, floatGrad);
    new SoftmaxCrossEntropy(null, null, "fp64").backward(doubleLogits, label, doubleGrad);

    assertThat(floatGrad[4]).isEqualTo(0f);
    assertThat(floatGrad[0]).isPositive();
    assertThat(doubleGrad[4]).isNegative().isCloseTo(-6 * Math.exp(-25), within(1e-15));
  }
}
