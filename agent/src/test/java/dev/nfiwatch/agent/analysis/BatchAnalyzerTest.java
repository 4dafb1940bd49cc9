package dev.nfiwatch.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nfiwatch.demo.loss.SoftmaxCrossEntropy;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class BatchAnalyzerTest {

  private final BatchAnalyzer demo = new BatchAnalyzer(AnalysisSpec.DEMO);
  private final BatchStats stats = new BatchStats();

  /** Logits of SCIENCE.md's example: the correct class at gap δ above every competitor. */
  private static float[] gapLogits(int classes, int correct, double gap) {
    float[] logits = new float[classes];
    logits[correct] = (float) gap;
    return logits;
  }

  private static float[] floatGradient(float[] logits, int[] labels, String format) {
    float[] gradient = new float[logits.length];
    new SoftmaxCrossEntropy(null, null, format).backward(logits, labels, gradient);
    return gradient;
  }

  private static double[] doubleGradient(double[] logits, int[] labels) {
    double[] gradient = new double[logits.length];
    new SoftmaxCrossEntropy(null, null, "fp64").backward(logits, labels, gradient);
    return gradient;
  }

  @Test
  void fp32GapOf17IsNotAbsorbedButGapOf20Is() {
    int[] labels = {3};
    float[] gap17 = gapLogits(10, 3, 17);
    float[] grad17 = floatGradient(gap17, labels, "fp32");
    assertThat(grad17[3]).isNegative().isGreaterThan(-3e-7f);
    assertThat(demo.analyze(gap17, labels, grad17, "fp32", stats)).isNull();
    assertThat(stats.absorbed()).isZero();
    assertThat(stats.partial()).isEqualTo(1);

    float[] gap20 = gapLogits(10, 3, 20);
    float[] grad20 = floatGradient(gap20, labels, "fp32");
    assertThat(grad20[3]).isZero();
    assertThat(grad20[0]).isCloseTo(2.06e-9f, within(0.01e-9f));
    assertThat(demo.analyze(gap20, labels, grad20, "fp32", stats)).isNull();
    assertThat(stats.absorbed()).isEqualTo(1);
    assertThat(stats.partial()).isZero();
    assertThat(stats.residuals()[0]).isCloseTo(9 * (double) grad20[0], within(1e-20));
    assertThat(stats.residualRatio()).isCloseTo(1.0, within(1e-6));
    assertThat(stats.gaps()[0]).isEqualTo(20.0);
  }

  @Test
  void classifiesHealthyPartialAbsorbedAndDeadInOneBatch() {
    int classes = 10;
    int[] labels = {0, 1, 2, 3};
    float[] logits = new float[4 * classes];
    double[] gaps = {1.0, 16.0, 25.0, 0.5};
    for (int i = 0; i < 4; i++) {
      logits[i * classes + labels[i]] = (float) gaps[i];
    }
    float[] gradient = floatGradient(logits, labels, "fp32");
    for (int k = 0; k < classes; k++) {
      gradient[3 * classes + k] = 0f;
    }
    assertThat(demo.analyze(logits, labels, gradient, "fp32", stats)).isNull();
    assertThat(stats.healthy()).isEqualTo(1);
    assertThat(stats.partial()).isEqualTo(1);
    assertThat(stats.absorbed()).isEqualTo(1);
    assertThat(stats.dead()).isEqualTo(1);
    assertThat(stats.batch()).isEqualTo(4);
    assertThat(stats.classes()).isEqualTo(10);
    assertThat(stats.absorptionRatio()).isEqualTo(0.25);
    assertThat(stats.dtype()).isEqualTo(Dtype.FP32);
    assertThat(stats.gapThresholdNats()).isCloseTo(16.64, within(0.01));
    assertThat(stats.allCorrect()).isTrue();
    assertThat(stats.gapMin()).isEqualTo(0.5);
    assertThat(stats.gapMedian()).isEqualTo((1.0 + 16.0) / 2);
  }

  @Test
  void fp64MovesTheThresholdTo36Nats() {
    int[] labels = {0, 1};
    double[] logits = new double[20];
    logits[0] = 10;
    logits[10 + 1] = 40;
    double[] gradient = doubleGradient(logits, labels);
    assertThat(demo.analyze(logits, labels, gradient, "fp64", stats)).isNull();
    assertThat(stats.dtype()).isEqualTo(Dtype.FP64);
    assertThat(stats.absorbed()).isEqualTo(1);
    assertThat(stats.healthy()).isEqualTo(1);
    assertThat(stats.gapThresholdNats()).isCloseTo(36.74, within(0.01));
  }

  @Test
  void bf16FormatMakesTheDemoAbsorbAtSmallGaps() {
    int[] labels = {2};
    float[] logits = gapLogits(10, 2, 10);
    float[] gradient = floatGradient(logits, labels, "bf16");
    assertThat(demo.analyze(logits, labels, gradient, "bf16", stats)).isNull();
    assertThat(stats.dtype()).isEqualTo(Dtype.BF16);
    assertThat(stats.absorbed()).isEqualTo(1);
    assertThat(stats.gapThresholdNats()).isCloseTo(5.55, within(0.01));
  }

  @Test
  void sumsFloatResidualsInDoubleAndDoubleResidualsCompensated() {
    float[] logits = {1, 0, 0, 0, 1, 0};
    int[] labels = {0, 1};
    float[] gradient = {-0.5f, 0.25f, 0.25f, 1e-8f, -0.25f, 3e-8f};
    assertThat(demo.analyze(logits, labels, gradient, null, stats)).isNull();
    assertThat(stats.residuals()[0]).isEqualTo(0.0);
    assertThat(stats.residuals()[1]).isEqualTo((double) 1e-8f - 0.25 + (double) 3e-8f);

    double[] doubleLogits = {0, 1, 0, 0};
    double[] doubleGradient = {1.0, 1e-17, -1.0, 0};
    assertThat(
            new BatchAnalyzer(AnalysisSpec.DEMO)
                .analyze(doubleLogits, new int[] {1}, doubleGradient, null, stats))
        .isNull();
    assertThat(stats.residuals()[0]).isEqualTo(1e-17);
    assertThat(stats.batchResidual()).isEqualTo(1e-17);
  }

  /**
   * Double rows whose wrong-class terms span 26 orders of magnitude, each with its exact residual
   * (BigDecimal): the compensated lanes must match it far below the rounding of a plain double sum
   * (about 1e-16 here). Scaled by 1024, terms outgrow the lanes' offset: such rows must take the
   * TwoSum path and be exact too.
   */
  @Test
  void doubleResidualsAreCompensatedInTheLanesAndOnTheLargeMassPath() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    int classes = 37;
    int batch = 40;
    int[] labels = new int[batch];
    double[] logits = new double[batch * classes];
    double[] gradient = new double[batch * classes];
    java.math.BigDecimal[] exact = new java.math.BigDecimal[batch];
    double plainWorst = 0;
    for (int i = 0; i < batch; i++) {
      int c = random.nextInt(classes);
      labels[i] = c;
      int row = i * classes;
      double wrong = 0;
      for (int k = 0; k < classes; k++) {
        if (k != c) {
          gradient[row + k] = Math.exp(-random.nextDouble(0, 60)) / classes;
          wrong += gradient[row + k];
        }
      }
      gradient[row + c] = -wrong + 1e-19 * random.nextDouble();
      java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
      double plain = 0;
      for (int k = 0; k < classes; k++) {
        sum = sum.add(new java.math.BigDecimal(gradient[row + k]));
        plain += gradient[row + k];
      }
      exact[i] = sum;
      plainWorst = Math.max(plainWorst, Math.abs(plain - sum.doubleValue()));
    }
    assertThat(plainWorst).as("a plain double sum is off by").isGreaterThan(1e-20);
    for (double scale : new double[] {1, 1024}) {
      double[] scaled = gradient.clone();
      for (int j = 0; j < scaled.length; j++) {
        scaled[j] *= scale; // powers of two: exact
      }
      assertThat(demo.analyze(logits, labels, scaled, null, stats)).isNull();
      for (int i = 0; i < batch; i++) {
        double expected = exact[i].doubleValue() * scale;
        assertThat(stats.residuals()[i])
            .as("scale %s row %d", scale, i)
            .isCloseTo(expected, within(1e-15 * Math.abs(expected) + 1e-26));
      }
    }
  }

  /**
   * A label-smoothed gradient ({@code p − ((1 − ε)·y + ε/K)}) has wrong-class entries of both
   * signs, so the mass is not the magnitude of their sum: it must be measured entry by entry, in
   * float and in double (the residual ratio divides by it).
   */
  @Test
  void wrongClassEntriesOfBothSignsGetTheirMassEntryByEntry() {
    int classes = 10;
    int batch = 6;
    double smoothing = 0.2;
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    int[] labels = new int[batch];
    double[] logits = new double[batch * classes];
    double[] gradient = new double[batch * classes];
    double residualSum = 0;
    double wrongSums = 0;
    double massSum = 0;
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(classes);
      int row = i * classes;
      double norm = 0;
      for (int k = 0; k < classes; k++) {
        logits[row + k] = random.nextGaussian() + (k == labels[i] ? 1 : 0);
        norm += Math.exp(logits[row + k]);
      }
      double wrong = 0;
      for (int k = 0; k < classes; k++) {
        double target = (k == labels[i] ? 1 - smoothing : 0) + smoothing / classes;
        // A broken zero sum (1e-3 on the correct class) makes the residual ratio depend on the mass.
        gradient[row + k] = Math.exp(logits[row + k]) / norm - target + (k == labels[i] ? 1e-3 : 0);
        residualSum += gradient[row + k];
        wrong += k == labels[i] ? 0 : gradient[row + k];
        massSum += k == labels[i] ? 0 : Math.abs(gradient[row + k]);
      }
      wrongSums += Math.abs(wrong);
    }
    assertThat(massSum).as("mass, against the rows' |wrong-class sums|").isGreaterThan(1.04 * wrongSums);
    float[] floatLogits = new float[logits.length];
    float[] floatGradient = new float[gradient.length];
    for (int j = 0; j < logits.length; j++) {
      floatLogits[j] = (float) logits[j];
      floatGradient[j] = (float) gradient[j];
    }
    assertThat(demo.analyze(logits, labels, gradient, null, stats)).isNull();
    assertThat(stats.residualRatio()).isCloseTo(residualSum / massSum, within(1e-12));
    assertThat(demo.analyze(floatLogits, labels, floatGradient, null, stats)).isNull();
    double floatResidual = 0;
    for (double r : java.util.Arrays.copyOf(stats.residuals(), batch)) {
      floatResidual += r;
    }
    assertThat(stats.residualRatio()).isCloseTo(floatResidual / massSum, within(1e-6));
  }

  @Test
  void lossFromTheGradientStaysExactWhenTheCorrectProbabilityRoundedToOne() {
    int[] labels = {3};
    float[] logits = gapLogits(10, 3, 20);
    assertThat(demo.analyze(logits, labels, floatGradient(logits, labels, "fp32"), null, stats))
        .isNull();
    double exact = Math.log1p(9 * Math.exp(-20));
    assertThat(stats.loss()).isCloseTo(exact, within(exact * 1e-6));

    float[] healthy = {1, 0, 0};
    int[] first = {0};
    assertThat(demo.analyze(healthy, first, floatGradient(healthy, first, "fp32"), null, stats))
        .isNull();
    assertThat(stats.loss()).isCloseTo(Math.log(Math.E + 2) - 1, within(1e-6));

    float[] wrong = {-30, 0, 0};
    assertThat(demo.analyze(wrong, first, floatGradient(wrong, first, "fp32"), null, stats))
        .isNull();
    assertThat(stats.loss()).isCloseTo(30 + Math.log(2), within(1e-5));
    assertThat(stats.allCorrect()).isFalse();
    assertThat(stats.gapMin()).isEqualTo(-30.0);
  }

  @Test
  void lossIsExactAcrossTheSeriesAndLogarithmRanges() {
    int[] labels = {0};
    for (double gap = 0; gap <= 40; gap += 0.25) {
      double[] logits = {gap, 0, 0, 0};
      assertThat(demo.analyze(logits, labels, doubleGradient(logits, labels), null, stats)).isNull();
      double exact = Math.log1p(3 * Math.exp(-gap));
      assertThat(stats.loss()).as("gap %s", gap).isCloseTo(exact, within(exact * 1e-14));
    }
  }

  @Test
  void signScaleLayoutAndLabelFormDoNotChangeTheResult() {
    int batch = 4;
    int classes = 5;
    int[] labels = {0, 1, 2, 3};
    float[] logits = new float[batch * classes];
    for (int i = 0; i < batch; i++) {
      logits[i * classes + labels[i]] = 2f + 6f * i;
    }
    float[] gradient = floatGradient(logits, labels, "fp32");
    demo.analyze(logits, labels, gradient, null, stats);
    int absorbed = stats.absorbed();
    int partial = stats.partial();
    double loss = stats.loss();
    double residual = stats.residuals()[3];

    float[][] logitRows = new float[batch][classes];
    float[][] scaledRows = new float[batch][classes];
    float[][] oneHot = new float[batch][classes];
    long[] longLabels = new long[batch];
    for (int i = 0; i < batch; i++) {
      longLabels[i] = labels[i];
      oneHot[i][labels[i]] = 1f;
      for (int k = 0; k < classes; k++) {
        logitRows[i][k] = logits[i * classes + k];
        scaledRows[i][k] = -gradient[i * classes + k] / 4f;
      }
    }
    BatchAnalyzer mirrored =
        new BatchAnalyzer(
            new AnalysisSpec(0, LabelForm.ONEHOT, GradientSign.Y_MINUS_P, GradientScale.BATCH, null));
    BatchStats other = new BatchStats();
    assertThat(mirrored.analyze(logitRows, oneHot, scaledRows, null, other)).isNull();
    assertThat(other.absorbed()).isEqualTo(absorbed);
    assertThat(other.partial()).isEqualTo(partial);
    assertThat(other.loss()).isCloseTo(loss, within(loss * 1e-6));
    assertThat(other.residuals()[3]).isEqualTo(residual);

    BatchAnalyzer indices =
        new BatchAnalyzer(
            new AnalysisSpec(classes, LabelForm.INDICES, GradientSign.P_MINUS_Y, GradientScale.SAMPLE,
                Dtype.FP32));
    assertThat(indices.analyze(logits, longLabels, gradient, null, other)).isNull();
    assertThat(other.absorbed()).isEqualTo(absorbed);

    float[] flatOneHot = new float[batch * classes];
    for (int i = 0; i < batch; i++) {
      flatOneHot[i * classes + labels[i]] = 1f;
    }
    BatchAnalyzer flat =
        new BatchAnalyzer(
            new AnalysisSpec(classes, LabelForm.ONEHOT, GradientSign.P_MINUS_Y, GradientScale.SAMPLE,
                null));
    assertThat(flat.analyze(logits, flatOneHot, gradient, null, other)).isNull();
    assertThat(other.absorbed()).isEqualTo(absorbed);
  }

  @Test
  void configuredDtypeOverridesTheArrayType() {
    BatchAnalyzer fp16 =
        new BatchAnalyzer(
            new AnalysisSpec(0, LabelForm.INDICES, GradientSign.P_MINUS_Y, GradientScale.SAMPLE,
                Dtype.FP16));
    float[] logits = {1, 0};
    assertThat(fp16.analyze(logits, new int[] {0}, floatGradient(logits, new int[] {0}, "fp32"),
            "fp32", stats))
        .isNull();
    assertThat(stats.dtype()).isEqualTo(Dtype.FP16);
  }

  @Test
  void invalidInputIsReportedNotThrown() {
    float[] logits = {1, 0, 0, 0, 1, 0};
    float[] gradient = new float[6];
    assertThat(demo.analyze(null, new int[] {0, 1}, gradient, null, stats))
        .isEqualTo(ProbeErrorReason.NULL_ARRAY);
    assertThat(demo.analyze(logits, null, gradient, null, stats))
        .isEqualTo(ProbeErrorReason.NULL_ARRAY);
    assertThat(demo.analyze(logits, new int[] {0, 1}, new float[5], null, stats))
        .isEqualTo(ProbeErrorReason.LENGTH_MISMATCH);
    assertThat(demo.analyze(logits, new int[] {0, 1, 2, 0}, gradient, null, stats))
        .isEqualTo(ProbeErrorReason.LENGTH_MISMATCH);
    assertThat(demo.analyze(logits, new int[] {0, 3}, gradient, null, stats))
        .isEqualTo(ProbeErrorReason.LABEL_OUT_OF_RANGE);
    assertThat(demo.analyze(logits, new int[] {-1, 0}, gradient, null, stats))
        .isEqualTo(ProbeErrorReason.LABEL_OUT_OF_RANGE);
    assertThat(demo.analyze(new int[6], new int[] {0, 1}, gradient, null, stats))
        .isEqualTo(ProbeErrorReason.UNSUPPORTED_TYPE);
    assertThat(demo.analyze(logits, new int[] {0, 1}, new double[6], null, stats))
        .isEqualTo(ProbeErrorReason.UNSUPPORTED_TYPE);
    assertThat(demo.analyze(new float[2], new int[] {0, 1}, new float[2], null, stats))
        .isEqualTo(ProbeErrorReason.LENGTH_MISMATCH);
    assertThat(demo.analyze(new float[0], new int[0], new float[0], null, stats))
        .isEqualTo(ProbeErrorReason.EMPTY_BATCH);
    BatchAnalyzer capped = new BatchAnalyzer(AnalysisSpec.DEMO.withMaxSamples(2));
    assertThat(capped.analyze(logits, new int[] {0, 1}, gradient, null, stats)).isNull();
    assertThat(capped.analyze(new float[9], new int[3], new float[9], null, stats))
        .isEqualTo(ProbeErrorReason.BATCH_TOO_LARGE);
    assertThat(stats.batch()).as("the last analysed call's stats are kept").isEqualTo(2);
    float[][] ragged = {{1, 0}, {1}};
    BatchAnalyzer rows =
        new BatchAnalyzer(
            new AnalysisSpec(0, LabelForm.INDICES, GradientSign.P_MINUS_Y, GradientScale.SAMPLE, null));
    assertThat(rows.analyze(ragged, new int[] {0, 1}, new float[][] {{0, 0}, {0, 0}}, null, stats))
        .isEqualTo(ProbeErrorReason.LENGTH_MISMATCH);
  }

  @Test
  void nonFiniteValuesAreCountedAndTheirSamplesGetNoState() {
    float[] logits = {Float.NaN, 0, 0, 2, 0, 0};
    int[] labels = {0, 0};
    float[] gradient = floatGradient(new float[] {0, 0, 0, 2, 0, 0}, labels, "fp32");
    gradient[1] = Float.POSITIVE_INFINITY;
    assertThat(demo.analyze(logits, labels, gradient, null, stats)).isNull();
    assertThat(stats.nonfinite()).isEqualTo(2);
    assertThat(stats.healthy() + stats.partial() + stats.absorbed() + stats.dead()).isEqualTo(1);
    assertThat(stats.gaps()[0]).isNaN();
    assertThat(stats.gapMedian()).isEqualTo(2.0);
  }

  @Test
  void gapHistogramAndStepCount() {
    float[] logits = {20, 0, 0, 0, 17, 0};
    int[] labels = {0, 1};
    float[] gradient = floatGradient(logits, labels, "fp32");
    demo.analyze(logits, labels, gradient, null, stats);
    demo.analyze(logits, labels, gradient, null, stats);
    assertThat(stats.step()).isEqualTo(2);
    long[] counts = stats.gapBucketCounts();
    assertThat(counts[GapBuckets.indexOf(20)]).isEqualTo(1);
    assertThat(counts[GapBuckets.indexOf(17)]).isEqualTo(1);
    assertThat(GapBuckets.upperBound(GapBuckets.indexOf(17))).isEqualTo(17.5);
    assertThat(GapBuckets.upperBound(GapBuckets.indexOf(16.7))).isEqualTo(17.5);
    assertThat(GapBuckets.upperBound(GapBuckets.indexOf(16.6))).isEqualTo(16.64);
    assertThat(GapBuckets.indexOf(1000)).isEqualTo(GapBuckets.count());
    assertThat(stats.gapSum()).isEqualTo(37.0);
    assertThat(stats.meanLogit()).isCloseTo(37.0 / 6, within(1e-12));
    assertThat(stats.maxAbsLogit()).isEqualTo(20.0);
  }

  @Test
  void medianBySelectionMatchesSorting() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int n = 1; n < 60; n++) {
      float[] logits = new float[n * 2];
      int[] labels = new int[n];
      double[] expected = new double[n];
      for (int i = 0; i < n; i++) {
        float gap = (float) Math.rint(random.nextDouble(-5, 30));
        logits[2 * i] = gap;
        expected[i] = gap;
      }
      demo.analyze(logits, labels, new float[n * 2], null, stats);
      java.util.Arrays.sort(expected);
      double median = n % 2 == 1 ? expected[n / 2] : (expected[n / 2 - 1] + expected[n / 2]) / 2;
      assertThat(stats.gapMedian()).as("n=%d", n).isEqualTo(median);
      assertThat(stats.gapMin()).isEqualTo(expected[0]);
    }
  }

  @Test
  void rowKernelsMatchAPlainReferenceForEveryRowLengthAndCorrectClass() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int classes = 2; classes <= 13; classes++) {
      int batch = classes;
      int[] labels = new int[batch];
      double[] logits = new double[batch * classes];
      for (int i = 0; i < batch; i++) {
        labels[i] = i;
        for (int k = 0; k < classes; k++) {
          logits[i * classes + k] = (float) (random.nextGaussian() * 4);
        }
      }
      float[] floatLogits = new float[logits.length];
      for (int j = 0; j < logits.length; j++) {
        floatLogits[j] = (float) logits[j];
      }
      float[] floatGradient = floatGradient(floatLogits, labels, "fp32");
      double[] doubleGradient = doubleGradient(logits, labels);
      BatchStats floats = new BatchStats();
      BatchStats doubles = new BatchStats();
      assertThat(demo.analyze(floatLogits, labels, floatGradient, null, floats)).isNull();
      assertThat(demo.analyze(logits, labels, doubleGradient, null, doubles)).isNull();
      double maxAbs = 0;
      double logitSum = 0;
      for (int i = 0; i < batch; i++) {
        int row = i * classes;
        double maxOther = Double.NEGATIVE_INFINITY;
        double floatResidual = 0;
        double doubleResidual = 0;
        for (int k = 0; k < classes; k++) {
          maxAbs = Math.max(maxAbs, Math.abs(logits[row + k]));
          logitSum += logits[row + k];
          floatResidual += floatGradient[row + k];
          doubleResidual += doubleGradient[row + k];
          if (k != labels[i]) {
            maxOther = Math.max(maxOther, logits[row + k]);
          }
        }
        double gap = logits[row + labels[i]] - maxOther;
        assertThat(floats.gaps()[i]).as("K=%d c=%d", classes, i).isEqualTo(gap);
        assertThat(doubles.gaps()[i]).as("K=%d c=%d", classes, i).isEqualTo(gap);
        assertThat(floats.residuals()[i]).isCloseTo(floatResidual, within(1e-15));
        assertThat(doubles.residuals()[i]).isCloseTo(doubleResidual, within(1e-15));
      }
      for (BatchStats stats : new BatchStats[] {floats, doubles}) {
        assertThat(stats.maxAbsLogit()).isEqualTo(maxAbs);
        assertThat(stats.meanLogit()).isCloseTo(logitSum / logits.length, within(1e-5));
        assertThat(stats.healthy() + stats.partial()).isEqualTo(batch);
      }
    }
  }

  @Test
  void maxAbsLogitComesFromAnyRowAndIgnoresNaN() {
    float[] logits = {1, -7, 0, 2, 0, 0, Float.NaN, 5, Float.NaN};
    int[] labels = {0, 0, 0};
    float[] gradient = floatGradient(new float[] {1, -7, 0, 2, 0, 0, 0, 0, 0}, labels, "fp32");
    assertThat(demo.analyze(logits, labels, gradient, null, stats)).isNull();
    assertThat(stats.maxAbsLogit()).isEqualTo(7.0);
    assertThat(stats.nonfinite()).isEqualTo(2);

    float[] allNaN = {Float.NaN, Float.NaN};
    assertThat(demo.analyze(allNaN, new int[] {0}, new float[2], null, stats)).isNull();
    assertThat(stats.maxAbsLogit()).isZero();

    float[] infinite = {0, Float.NEGATIVE_INFINITY, 3, 1};
    assertThat(demo.analyze(infinite, new int[] {0, 0}, new float[4], null, stats)).isNull();
    assertThat(stats.maxAbsLogit()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void allocatesNothingInSteadyState() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int batch = 64;
    int classes = 97;
    float[] logits = new float[batch * classes];
    int[] labels = new int[batch];
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian() * 8;
    }
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(classes);
    }
    float[] gradient = floatGradient(logits, labels, "fp32");
    for (int i = 0; i < 20_000; i++) {
      demo.analyze(logits, labels, gradient, "fp32", stats);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 10_000; i++) {
      demo.analyze(logits, labels, gradient, "fp32", stats);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).as("bytes allocated by 10000 calls").isLessThan(1024);
  }
}
