package dev.nfiwatch.agent.analysis;

/**
 * The one rule that turns a sample's row sums into its state (healthy, partially absorbed,
 * absorbed, dead; see {@link BatchAnalyzer}), gap and loss, and the call's running totals. Both
 * element kernels feed it, so the float and double paths cannot classify differently.
 */
final class SampleClassifier {

  /**
   * Below this wrong-class mass {@code w}, {@code −log1p(−w)} is its series to {@code w^6/6}: the
   * first omitted term is below {@code 2^-60} relative, and confident samples skip the logarithm.
   */
  private static final double SERIES_LIMIT = 0x1p-10;

  /** Below this correct-class probability the loss is recomputed from the logits. */
  private static final double MIN_ACCURATE_PROBABILITY = 0x1p-10;

  private double scaleFactor;
  private double tolerance;
  private int healthy;
  private int partial;
  private int absorbed;
  private int dead;
  private int nonfinite;
  private int correct;
  private double batchResidual;
  private double batchWrongMass;
  private double logitSum;
  private double lossSum;
  private double gapSum;
  private double logitMax;
  private double logitMin;

  /**
   * Starts a call whose gradient is {@code scaleFactor} times the {@code p − y} per-sample gradient
   * and whose partial-absorption tolerance is {@code tolerance}.
   */
  void start(double scaleFactor, double tolerance) {
    this.scaleFactor = scaleFactor;
    this.tolerance = tolerance;
    healthy = 0;
    partial = 0;
    absorbed = 0;
    dead = 0;
    nonfinite = 0;
    correct = 0;
    batchResidual = 0;
    batchWrongMass = 0;
    logitSum = 0;
    lossSum = 0;
    gapSum = 0;
    logitMax = Double.NEGATIVE_INFINITY;
    logitMin = Double.POSITIVE_INFINITY;
  }

  /**
   * Classifies sample {@code i} from its row sums and adds it to the call's totals; returns its
   * loss, or NaN when the loss must be recomputed from the logits (or the sample holds {@code bad}
   * non-finite values).
   *
   * @param sum {@code Σ_k g_k}
   * @param wrongSum {@code Σ_{j≠c} g_j}
   * @param wrongMass {@code Σ_{j≠c} |g_j|}
   * @param rowLogitSum {@code Σ_k z_k}
   * @param rowMax the largest logit
   * @param maxOther the largest logit other than the correct one
   */
  double sample(
      int i,
      int bad,
      double zc,
      double gc,
      double sum,
      double wrongSum,
      double wrongMass,
      double rowLogitSum,
      double rowMax,
      double maxOther,
      BatchStats out) {
    double residual = sum * scaleFactor;
    out.residuals[i] = residual;
    logitSum += rowLogitSum;
    if (rowMax > logitMax) {
      logitMax = rowMax;
    }
    if (bad != 0) {
      nonfinite += bad;
      out.gaps[i] = Double.NaN;
      out.gapBucketCounts[out.gapBucketCounts.length - 1]++;
      return Double.NaN;
    }
    batchResidual += residual;
    batchWrongMass += wrongMass * Math.abs(scaleFactor);
    if (gc == 0) {
      if (wrongMass == 0) {
        dead++;
      } else {
        absorbed++;
      }
    } else if (Math.abs(sum) > tolerance * wrongMass) {
      partial++;
    } else {
      healthy++;
    }
    double gap = zc - maxOther;
    out.gaps[i] = gap;
    gapSum += gap;
    out.gapBucketCounts[GapBuckets.indexOf(gap)]++;
    if (gap > 0) {
      correct++;
    }
    return sampleLoss(wrongSum * scaleFactor, gc * scaleFactor);
  }

  /** Adds a sample's loss; samples with {@code bad} non-finite values add nothing. */
  void addLoss(int bad, double loss) {
    lossSum += bad == 0 ? loss : 0;
  }

  /** The smallest logit of the call, which the kernels track across rows. */
  void logitMin(double min) {
    logitMin = min;
  }

  /** Writes the call's totals into {@code out}. */
  void finish(BatchStats out, int batch, int classes) {
    out.healthy = healthy;
    out.partial = partial;
    out.absorbed = absorbed;
    out.dead = dead;
    out.nonfinite = nonfinite;
    out.correct = correct;
    out.batchResidual = batchResidual;
    out.residualRatio = batchWrongMass == 0 ? 0 : batchResidual / batchWrongMass;
    out.meanLogit = logitSum / ((double) batch * classes);
    out.maxAbsLogit =
        logitMin > logitMax ? 0 : Math.max(Math.abs(logitMax), Math.abs(logitMin));
    int classified = healthy + partial + absorbed + dead;
    out.loss = classified == 0 ? Double.NaN : lossSum / classified;
    out.gapSum = gapSum;
  }

  /**
   * The sample's loss from its gradient: {@code −log1p(−Σ_{j≠c} p_j)} while the wrong-class mass is
   * at most ½ (exact even when the trainer's {@code p_c} rounded to 1), else {@code −log p_c} with
   * {@code p_c = 1 + g_c}; NaN when {@code p_c} is too small to be read from the gradient.
   */
  private static double sampleLoss(double wrongMass, double correctGradient) {
    if (wrongMass < SERIES_LIMIT) {
      double w = Math.max(wrongMass, 0.0);
      double w2 = w * w;
      // Grouped in powers of w² (Estrin) rather than nested (Horner): a shorter dependency chain.
      return w + w2 * ((1.0 / 2 + w * (1.0 / 3)) + w2 * ((1.0 / 4 + w * (1.0 / 5)) + w2 * (1.0 / 6)));
    }
    if (wrongMass <= 0.5) {
      // −log1p(−w) from the intrinsic Math.log (log1p is a native call on JDK 17): u = 1 − w is
      // exact to half an ulp, and scaling log(u) by w / (1 − u) cancels that rounding (Kahan).
      double u = 1.0 - wrongMass;
      return -Math.log(u) * (wrongMass / (1.0 - u));
    }
    double correctProbability = 1.0 + correctGradient;
    if (correctProbability > MIN_ACCURATE_PROBABILITY) {
      return -Math.log(correctProbability);
    }
    return Double.NaN;
  }
}
