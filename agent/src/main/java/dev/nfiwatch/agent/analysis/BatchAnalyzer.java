package dev.nfiwatch.agent.analysis;

/**
 * Reads the logits, labels and logit gradient of one softmax cross-entropy backward call in one pass
 * and fills a {@link BatchStats}: sample states (SCIENCE.md), zero-sum residuals, logit gaps, mean
 * logit and loss. Nothing is allocated once the buffers have grown to the largest batch seen.
 *
 * <pre>{@code
 * BatchAnalyzer analyzer = new BatchAnalyzer(AnalysisSpec.DEMO);
 * BatchStats stats = new BatchStats();
 * ProbeErrorReason error = analyzer.analyze(logits, labels, gradLogits, "fp32", stats);
 * if (error == null) System.out.println(stats.absorbed() + " absorbed");
 * }</pre>
 *
 * <p>Sample states, for a sample whose values are all finite:
 *
 * <ul>
 *   <li>dead: every gradient entry is 0;
 *   <li>absorbed: the correct-class entry is exactly 0 and another is not;
 *   <li>partially absorbed: the relative residual {@code ρ = |Σ_k g_k| / Σ_{j≠c} |g_j|} exceeds
 *       {@code max(√u, }{@link #ROUNDING_MARGIN}{@code · K · u)};
 *   <li>healthy otherwise.
 * </ul>
 *
 * <p>{@code ρ} is SCIENCE.md's {@code |Σ g| / (½ Σ |g|)} with the denominator read as the
 * wrong-class mass {@code s}: the two agree for a healthy sample ({@code |g_c| = s}), and an absorbed
 * sample ({@code g_c = 0}) gets exactly {@code ρ = 1} as SCIENCE.md states.
 *
 * <p>Why that tolerance. Ordinary rounding of a softmax evaluated in a format with unit roundoff
 * {@code u} leaves an absolute residual of at most a few {@code K · u}, so {@code ρ} above {@code 4 ·
 * K · u} cannot come from a sample whose probability mass is spread out. For a confident sample,
 * though, the wrong-class mass {@code s/(1+s)} is small and rounding {@code 1 + s} to the format costs about
 * {@code u} absolutely, so {@code ρ ≈ u/s}: that loss of the bits of {@code s} <em>is</em> absorption
 * in progress, and it is continuous. The sample counts as partially absorbed once more than half of
 * the significant bits of {@code s} are gone, i.e. {@code ρ > √u} ({@code s ≲ √u}): for fp32 and K =
 * 10 from a gap of about 10.5 nats (δ ≈ 15–17 gives ρ of a few per cent, far above 2.4e-4), for fp64
 * from about 21 nats, so a well-trained fp64 model is not reported as partially absorbed. {@code u}
 * is the probe's format (bf16 gradients carry bf16 rounding even in float arrays).
 *
 * <p>Arrays: logits and gradient are {@code float[]}/{@code double[]} row-major batch × classes or
 * {@code float[][]}/{@code double[][]} (one row per sample), both of the same element type; labels
 * are {@code int[]}/{@code long[]} class indices or one-hot rows. Invalid input yields a {@link
 * ProbeErrorReason} instead of an exception. Not thread-safe: one analyzer per probe.
 */
public final class BatchAnalyzer {

  /** How many times the ordinary rounding bound {@code K · u} a residual must exceed to be partial. */
  public static final double ROUNDING_MARGIN = 4;

  /**
   * Below this wrong-class mass {@code w}, {@code −log1p(−w)} is its series to {@code w^6/6}: the
   * first omitted term is below {@code 2^-60} relative, and confident samples skip the logarithm.
   */
  private static final double SERIES_LIMIT = 0x1p-10;

  /** Below this correct-class probability the loss is recomputed from the logits. */
  private static final double MIN_ACCURATE_PROBABILITY = 0x1p-10;

  /** The start of each compensated lane of {@link #rowDouble} (a power of two). */
  private static final double OFFSET = 4;

  private final AnalysisSpec spec;
  private int[] labelIndex = new int[0];
  private double[] scratch = new double[0];
  private long calls;
  private boolean signsAgree;

  // Totals of the call being analysed (reset per call).
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

  // Results of the kernel over the current row.
  private double rowSum;
  private double rowWrongSum;
  private double rowWrongMass;
  private double rowLogitSum;
  private double rowMax;
  private double rowMaxOther;

  /** An analyzer reading arrays as {@code spec} describes. */
  public BatchAnalyzer(AnalysisSpec spec) {
    this.spec = spec;
  }

  /**
   * Analyses one call and fills {@code out}.
   *
   * @param logits the logits (see the class description for the accepted layouts)
   * @param labels the labels, as the spec's label form says
   * @param gradient the gradient on the logits, as written by the backward pass
   * @param format the probe's number format name ({@code fp32}, {@code bf16}…) or null; ignored when
   *     the spec fixes the format
   * @param out the stats to fill; left partly written when an error is returned
   * @return null when the call was analysed, otherwise why not
   */
  public ProbeErrorReason analyze(
      Object logits, Object labels, Object gradient, String format, BatchStats out) {
    calls++;
    if (logits == null || labels == null || gradient == null) {
      return ProbeErrorReason.NULL_ARRAY;
    }
    boolean floats;
    if (logits instanceof float[] || logits instanceof float[][]) {
      floats = true;
      if (!(gradient instanceof float[] || gradient instanceof float[][])) {
        return ProbeErrorReason.UNSUPPORTED_TYPE;
      }
    } else if (logits instanceof double[] || logits instanceof double[][]) {
      floats = false;
      if (!(gradient instanceof double[] || gradient instanceof double[][])) {
        return ProbeErrorReason.UNSUPPORTED_TYPE;
      }
    } else {
      return ProbeErrorReason.UNSUPPORTED_TYPE;
    }
    int batch = batchSize(logits, labels);
    if (batch < 0) {
      return batch == -1 ? ProbeErrorReason.UNSUPPORTED_TYPE : ProbeErrorReason.LENGTH_MISMATCH;
    }
    if (batch == 0) {
      return ProbeErrorReason.EMPTY_BATCH;
    }
    int classes = classCount(logits, batch);
    if (classes < 2) {
      return ProbeErrorReason.LENGTH_MISMATCH;
    }
    if (!fits(logits, batch, classes) || !fits(gradient, batch, classes)) {
      return ProbeErrorReason.LENGTH_MISMATCH;
    }
    ProbeErrorReason labelError = resolveLabels(labels, batch, classes);
    if (labelError != null) {
      return labelError;
    }
    Dtype dtype = spec.dtype();
    if (dtype == null) {
      dtype = Dtype.fromLabel(format);
    }
    if (dtype == null) {
      dtype = floats ? Dtype.FP32 : Dtype.FP64;
    }
    out.ensureCapacity(batch);
    out.step = calls;
    out.batch = batch;
    out.classes = classes;
    out.dtype = dtype;
    out.labels = labelIndex;
    java.util.Arrays.fill(out.gapBucketCounts, 0L);
    double scaleFactor =
        spec.sign().factor() * (spec.scale() == GradientScale.BATCH ? (double) batch : 1.0);
    double tolerance = partialTolerance(dtype, classes);
    reset();
    if (floats) {
      passFloat(logits, gradient, batch, classes, scaleFactor, tolerance, out);
    } else {
      passDouble(logits, gradient, batch, classes, scaleFactor, tolerance, out);
    }
    finish(out, batch, classes);
    medianAndMin(out);
    return null;
  }

  /** The relative residual above which a sample is partially absorbed (see the class description). */
  public static double partialTolerance(Dtype dtype, int classes) {
    double u = dtype.unitRoundoff();
    return Math.max(Math.sqrt(u), ROUNDING_MARGIN * classes * u);
  }

  /** Batch size from the labels (and the logits for flat one-hot); -1 bad type, -2 bad length. */
  private int batchSize(Object logits, Object labels) {
    if (spec.labelForm() == LabelForm.INDICES) {
      if (labels instanceof int[]) {
        return ((int[]) labels).length;
      }
      if (labels instanceof long[]) {
        return ((long[]) labels).length;
      }
      return -1;
    }
    if (labels instanceof float[][]) {
      return ((float[][]) labels).length;
    }
    if (labels instanceof double[][]) {
      return ((double[][]) labels).length;
    }
    int length;
    if (labels instanceof float[]) {
      length = ((float[]) labels).length;
    } else if (labels instanceof double[]) {
      length = ((double[]) labels).length;
    } else {
      return -1;
    }
    int classes = spec.classes();
    if (classes == 0 && logits instanceof Object[]) {
      Object[] rows = (Object[]) logits;
      classes = rows.length == 0 ? 0 : rowLength(rows[0]);
    }
    if (classes <= 0 || length % classes != 0) {
      return -2;
    }
    return length / classes;
  }

  private int classCount(Object logits, int batch) {
    if (spec.classes() > 0) {
      return spec.classes();
    }
    if (logits instanceof Object[]) {
      Object[] rows = (Object[]) logits;
      return rows.length == 0 || rows[0] == null ? 0 : rowLength(rows[0]);
    }
    int length = logits instanceof float[] ? ((float[]) logits).length : ((double[]) logits).length;
    return batch == 0 || length % batch != 0 ? 0 : length / batch;
  }

  private static int rowLength(Object row) {
    if (row instanceof float[]) {
      return ((float[]) row).length;
    }
    if (row instanceof double[]) {
      return ((double[]) row).length;
    }
    return -1;
  }

  /** Whether a flat array holds exactly batch × classes values, or a 2-D array batch rows of classes. */
  private static boolean fits(Object array, int batch, int classes) {
    if (array instanceof Object[]) {
      Object[] rows = (Object[]) array;
      if (rows.length != batch) {
        return false;
      }
      for (Object row : rows) {
        if (row == null || rowLength(row) != classes) {
          return false;
        }
      }
      return true;
    }
    long expected = (long) batch * classes;
    int length = array instanceof float[] ? ((float[]) array).length : ((double[]) array).length;
    return length == expected;
  }

  private ProbeErrorReason resolveLabels(Object labels, int batch, int classes) {
    if (labelIndex.length < batch) {
      labelIndex = new int[batch];
      scratch = new double[batch];
    }
    int[] index = labelIndex;
    if (labels instanceof int[]) {
      int[] ints = (int[]) labels;
      for (int i = 0; i < batch; i++) {
        int c = ints[i];
        if (c < 0 || c >= classes) {
          return ProbeErrorReason.LABEL_OUT_OF_RANGE;
        }
        index[i] = c;
      }
      return null;
    }
    if (labels instanceof long[]) {
      long[] longs = (long[]) labels;
      for (int i = 0; i < batch; i++) {
        long c = longs[i];
        if (c < 0 || c >= classes) {
          return ProbeErrorReason.LABEL_OUT_OF_RANGE;
        }
        index[i] = (int) c;
      }
      return null;
    }
    if (labels instanceof Object[]) {
      if (!fits(labels, batch, classes)) {
        return ProbeErrorReason.LENGTH_MISMATCH;
      }
      Object[] rows = (Object[]) labels;
      for (int i = 0; i < batch; i++) {
        int c = argmaxPositive(rows[i], 0, classes);
        if (c < 0) {
          return ProbeErrorReason.LABEL_OUT_OF_RANGE;
        }
        index[i] = c;
      }
      return null;
    }
    if (!fits(labels, batch, classes)) {
      return ProbeErrorReason.LENGTH_MISMATCH;
    }
    for (int i = 0; i < batch; i++) {
      int c = argmaxPositive(labels, i * classes, classes);
      if (c < 0) {
        return ProbeErrorReason.LABEL_OUT_OF_RANGE;
      }
      index[i] = c;
    }
    return null;
  }

  /** The class of a one-hot row: its largest entry, which must be positive; -1 otherwise. */
  private static int argmaxPositive(Object row, int offset, int classes) {
    int best = -1;
    double bestValue = 0;
    if (row instanceof float[]) {
      float[] values = (float[]) row;
      for (int k = 0; k < classes; k++) {
        if (values[offset + k] > bestValue) {
          bestValue = values[offset + k];
          best = k;
        }
      }
    } else {
      double[] values = (double[]) row;
      for (int k = 0; k < classes; k++) {
        if (values[offset + k] > bestValue) {
          bestValue = values[offset + k];
          best = k;
        }
      }
    }
    return best;
  }

  private void passFloat(
      Object logits,
      Object gradient,
      int batch,
      int classes,
      double scaleFactor,
      double tolerance,
      BatchStats out) {
    float[] logitsFlat = logits instanceof float[] ? (float[]) logits : null;
    float[][] logitRows = logitsFlat == null ? (float[][]) logits : null;
    float[] gradFlat = gradient instanceof float[] ? (float[]) gradient : null;
    float[][] gradRows = gradFlat == null ? (float[][]) gradient : null;
    int[] index = labelIndex;
    int last = batch - 1;
    signsAgree =
        wrongSignsAgree(gradFlat != null ? gradFlat : gradRows[0], 0, classes, index[0])
            && wrongSignsAgree(
                gradFlat != null ? gradFlat : gradRows[last],
                gradFlat != null ? last * classes : 0,
                classes,
                index[last]);
    for (int i = 0; i < batch; i++) {
      float[] z = logitsFlat != null ? logitsFlat : logitRows[i];
      int zo = logitsFlat != null ? i * classes : 0;
      float[] g = gradFlat != null ? gradFlat : gradRows[i];
      int go = gradFlat != null ? i * classes : 0;
      int c = index[i];
      rowFloat(z, zo, g, go, classes, c);
      int bad = 0;
      if (!(Double.isFinite(rowSum) && Double.isFinite(rowLogitSum))) {
        bad = countNonFinite(z, zo, g, go, classes);
      }
      double zc = z[zo + c];
      double loss = sample(i, bad, zc, g[go + c], scaleFactor, tolerance, out);
      if (loss != loss && bad == 0) {
        loss = lossFromLogits(z, zo, classes, c, rowMax);
      }
      lossSum += bad == 0 ? loss : 0;
    }
  }

  private void passDouble(
      Object logits,
      Object gradient,
      int batch,
      int classes,
      double scaleFactor,
      double tolerance,
      BatchStats out) {
    double[] logitsFlat = logits instanceof double[] ? (double[]) logits : null;
    double[][] logitRows = logitsFlat == null ? (double[][]) logits : null;
    double[] gradFlat = gradient instanceof double[] ? (double[]) gradient : null;
    double[][] gradRows = gradFlat == null ? (double[][]) gradient : null;
    int[] index = labelIndex;
    int last = batch - 1;
    signsAgree =
        wrongSignsAgree(gradFlat != null ? gradFlat : gradRows[0], 0, classes, index[0])
            && wrongSignsAgree(
                gradFlat != null ? gradFlat : gradRows[last],
                gradFlat != null ? last * classes : 0,
                classes,
                index[last]);
    for (int i = 0; i < batch; i++) {
      double[] z = logitsFlat != null ? logitsFlat : logitRows[i];
      int zo = logitsFlat != null ? i * classes : 0;
      double[] g = gradFlat != null ? gradFlat : gradRows[i];
      int go = gradFlat != null ? i * classes : 0;
      int c = index[i];
      rowDouble(z, zo, g, go, classes, c);
      int bad = 0;
      if (!(Double.isFinite(rowSum) && Double.isFinite(rowLogitSum))) {
        bad = countNonFinite(z, zo, g, go, classes);
      }
      double zc = z[zo + c];
      double loss = sample(i, bad, zc, g[go + c], scaleFactor, tolerance, out);
      if (loss != loss && bad == 0) {
        loss = lossFromLogits(z, zo, classes, c, rowMax);
      }
      lossSum += bad == 0 ? loss : 0;
    }
  }

  /**
   * The kernel over one float row, read once: the residual {@code Σ g} in double in four lanes (the
   * measurement must not round away partial absorption; any order of summation is exact enough for
   * float terms), the logit sum in float (it only feeds a mean, where a relative error of {@code K ·
   * 2^-24} is harmless), the largest logit other than the correct one and the smallest logit of the
   * call. The row is walked as the two runs around the correct class, so the largest competitor is
   * a plain running maximum; the smallest logit runs over the whole call, so it rarely changes and
   * its branch is predictable. The logit sums are {@link FusedAdd}s: they run beside the residual's
   * additions. The wrong-class mass is {@code |Σ_{j≠c} g_j|} when the call's wrong-class entries
   * share one sign (see {@link #wrongSignsAgree}), else a second walk over the row.
   */
  private void rowFloat(float[] z, int zo, float[] g, int go, int classes, int c) {
    double sum0 = 0;
    double sum1 = 0;
    double sum2 = 0;
    double sum3 = 0;
    float zSum0 = 0;
    float zSum1 = 0;
    float zSum2 = 0;
    float zSum3 = 0;
    float max = Float.NEGATIVE_INFINITY;
    float min = (float) logitMin;
    for (int run = 0; run < 2; run++) {
      int k = run == 0 ? 0 : c + 1;
      int to = run == 0 ? c : classes;
      // Counted loop (k < end, not k + 7 < to) so that C2 drops the range checks; two groups of
      // four lanes per iteration halve the loop's own branches.
      for (int end = to - 7; k < end; k += 8) {
        {
          float g0 = g[go + k + 0];
          float g1 = g[go + k + 1];
          float g2 = g[go + k + 2];
          float g3 = g[go + k + 3];
          float z0 = z[zo + k + 0];
          float z1 = z[zo + k + 1];
          float z2 = z[zo + k + 2];
          float z3 = z[zo + k + 3];
          sum0 += g0;
          sum1 += g1;
          sum2 += g2;
          sum3 += g3;
          zSum0 = FusedAdd.add(zSum0, z0);
          zSum1 = FusedAdd.add(zSum1, z1);
          zSum2 = FusedAdd.add(zSum2, z2);
          zSum3 = FusedAdd.add(zSum3, z3);
          max = z0 > max ? z0 : max;
          max = z1 > max ? z1 : max;
          max = z2 > max ? z2 : max;
          max = z3 > max ? z3 : max;
          min = z0 < min ? z0 : min;
          min = z1 < min ? z1 : min;
          min = z2 < min ? z2 : min;
          min = z3 < min ? z3 : min;
        }
        {
          float g0 = g[go + k + 4];
          float g1 = g[go + k + 5];
          float g2 = g[go + k + 6];
          float g3 = g[go + k + 7];
          float z0 = z[zo + k + 4];
          float z1 = z[zo + k + 5];
          float z2 = z[zo + k + 6];
          float z3 = z[zo + k + 7];
          sum0 += g0;
          sum1 += g1;
          sum2 += g2;
          sum3 += g3;
          zSum0 = FusedAdd.add(zSum0, z0);
          zSum1 = FusedAdd.add(zSum1, z1);
          zSum2 = FusedAdd.add(zSum2, z2);
          zSum3 = FusedAdd.add(zSum3, z3);
          max = z0 > max ? z0 : max;
          max = z1 > max ? z1 : max;
          max = z2 > max ? z2 : max;
          max = z3 > max ? z3 : max;
          min = z0 < min ? z0 : min;
          min = z1 < min ? z1 : min;
          min = z2 < min ? z2 : min;
          min = z3 < min ? z3 : min;
        }
      }
      for (; k < to; k++) {
        float g0 = g[go + k];
        float z0 = z[zo + k];
        sum0 += g0;
        zSum0 += z0;
        max = z0 > max ? z0 : max;
        min = z0 < min ? z0 : min;
      }
    }
    float gc = g[go + c];
    float zc = z[zo + c];
    double wrong = (sum0 + sum1) + (sum2 + sum3);
    rowWrongSum = wrong;
    rowSum = wrong + gc;
    rowWrongMass = signsAgree ? Math.abs(wrong) : wrongMass(g, go, classes, c);
    rowLogitSum = (double) ((zSum0 + zSum1) + (zSum2 + zSum3)) + zc;
    rowMaxOther = max;
    rowMax = zc > max ? zc : max;
    logitMin = zc < min ? zc : min;
  }

  /**
   * The kernel over one double row: as {@link #rowFloat}, with the logit sum in double and the
   * residual compensated, so that the measurement's own rounding cannot hide partial absorption.
   * Each lane starts at {@link #OFFSET}: while the wrong-class mass is at most {@code OFFSET / 2},
   * every term is smaller than its lane, so the lane's rounding error is exactly {@code g − (t −
   * s)} (Dekker's FastTwoSum: three operations instead of TwoSum's six) and the lanes less their
   * offset are exact. The error terms accumulate as {@link FusedAdd}s. A row with more mass (a
   * gradient that is not a per-sample softmax gradient) is summed again by {@link #exactRowSum}.
   */
  private void rowDouble(double[] z, int zo, double[] g, int go, int classes, int c) {
    double sum0 = OFFSET;
    double sum1 = OFFSET;
    double sum2 = OFFSET;
    double sum3 = OFFSET;
    double err0 = 0;
    double err1 = 0;
    double err2 = 0;
    double err3 = 0;
    double zSum0 = 0;
    double zSum1 = 0;
    double zSum2 = 0;
    double zSum3 = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = logitMin;
    for (int run = 0; run < 2; run++) {
      int k = run == 0 ? 0 : c + 1;
      int to = run == 0 ? c : classes;
      for (int end = to - 7; k < end; k += 8) {
        {
          double g0 = g[go + k + 0];
          double g1 = g[go + k + 1];
          double g2 = g[go + k + 2];
          double g3 = g[go + k + 3];
          double z0 = z[zo + k + 0];
          double z1 = z[zo + k + 1];
          double z2 = z[zo + k + 2];
          double z3 = z[zo + k + 3];
          double t0 = sum0 + g0;
          double t1 = sum1 + g1;
          double t2 = sum2 + g2;
          double t3 = sum3 + g3;
          err0 = FusedAdd.add(err0, FusedAdd.subtract(g0, t0 - sum0));
          err1 = FusedAdd.add(err1, FusedAdd.subtract(g1, t1 - sum1));
          err2 = FusedAdd.add(err2, FusedAdd.subtract(g2, t2 - sum2));
          err3 = FusedAdd.add(err3, FusedAdd.subtract(g3, t3 - sum3));
          sum0 = t0;
          sum1 = t1;
          sum2 = t2;
          sum3 = t3;
          zSum0 = FusedAdd.add(zSum0, z0);
          zSum1 = FusedAdd.add(zSum1, z1);
          zSum2 = FusedAdd.add(zSum2, z2);
          zSum3 = FusedAdd.add(zSum3, z3);
          max = z0 > max ? z0 : max;
          max = z1 > max ? z1 : max;
          max = z2 > max ? z2 : max;
          max = z3 > max ? z3 : max;
          min = z0 < min ? z0 : min;
          min = z1 < min ? z1 : min;
          min = z2 < min ? z2 : min;
          min = z3 < min ? z3 : min;
        }
        {
          double g0 = g[go + k + 4];
          double g1 = g[go + k + 5];
          double g2 = g[go + k + 6];
          double g3 = g[go + k + 7];
          double z0 = z[zo + k + 4];
          double z1 = z[zo + k + 5];
          double z2 = z[zo + k + 6];
          double z3 = z[zo + k + 7];
          double t0 = sum0 + g0;
          double t1 = sum1 + g1;
          double t2 = sum2 + g2;
          double t3 = sum3 + g3;
          err0 = FusedAdd.add(err0, FusedAdd.subtract(g0, t0 - sum0));
          err1 = FusedAdd.add(err1, FusedAdd.subtract(g1, t1 - sum1));
          err2 = FusedAdd.add(err2, FusedAdd.subtract(g2, t2 - sum2));
          err3 = FusedAdd.add(err3, FusedAdd.subtract(g3, t3 - sum3));
          sum0 = t0;
          sum1 = t1;
          sum2 = t2;
          sum3 = t3;
          zSum0 = FusedAdd.add(zSum0, z0);
          zSum1 = FusedAdd.add(zSum1, z1);
          zSum2 = FusedAdd.add(zSum2, z2);
          zSum3 = FusedAdd.add(zSum3, z3);
          max = z0 > max ? z0 : max;
          max = z1 > max ? z1 : max;
          max = z2 > max ? z2 : max;
          max = z3 > max ? z3 : max;
          min = z0 < min ? z0 : min;
          min = z1 < min ? z1 : min;
          min = z2 < min ? z2 : min;
          min = z3 < min ? z3 : min;
        }
      }
      for (; k < to; k++) {
        double g0 = g[go + k];
        double z0 = z[zo + k];
        double t0 = sum0 + g0;
        err0 += g0 - (t0 - sum0);
        sum0 = t0;
        zSum0 += z0;
        max = z0 > max ? z0 : max;
        min = z0 < min ? z0 : min;
      }
    }
    double gc = g[go + c];
    double zc = z[zo + c];
    // Exact: each lane is OFFSET plus at most the mass, within [OFFSET / 2, 2 · OFFSET].
    double high = ((sum0 - OFFSET) + (sum1 - OFFSET)) + ((sum2 - OFFSET) + (sum3 - OFFSET));
    double low = (err0 + err1) + (err2 + err3);
    double wrong = high + low;
    double mass = signsAgree ? Math.abs(wrong) : wrongMass(g, go, classes, c);
    if (mass > OFFSET / 2) {
      exactRowSum(g, go, classes, c);
    } else {
      rowWrongSum = wrong;
      rowSum = twoSumTotal(high, gc, low);
    }
    rowWrongMass = mass;
    rowLogitSum = (zSum0 + zSum1) + (zSum2 + zSum3) + zc;
    rowMaxOther = max;
    rowMax = zc > max ? zc : max;
    logitMin = zc < min ? zc : min;
  }

  /** {@code high + gc + low}, with the rounding error of {@code high + gc} kept (TwoSum). */
  private static double twoSumTotal(double high, double gc, double low) {
    double total = high + gc;
    double b = total - high;
    return total + (low + ((high - (total - b)) + (gc - b)));
  }

  /**
   * The slow path of {@link #rowDouble} for rows whose wrong-class mass exceeds {@code OFFSET / 2}:
   * the wrong-class sum and the residual by TwoSum over every term.
   */
  private void exactRowSum(double[] g, int go, int classes, int c) {
    double sum = 0;
    double err = 0;
    for (int k = 0; k < classes; k++) {
      double x = k == c ? 0 : g[go + k];
      double t = sum + x;
      double b = t - sum;
      err += (sum - (t - b)) + (x - b);
      sum = t;
    }
    rowWrongSum = sum + err;
    rowSum = twoSumTotal(sum, g[go + c], err);
  }

  /**
   * Whether the wrong-class entries of a gradient row all share one sign (zeros aside), as those of
   * a softmax cross-entropy gradient do ({@code p_j ≥ 0}, negated for {@code y − p}); then the
   * wrong-class mass is the magnitude of their sum, which the kernels already have. Checked on the
   * first and last row of each call; a gradient of another kind (label smoothing…) costs a second
   * walk over each row for its mass.
   */
  private static boolean wrongSignsAgree(float[] g, int go, int classes, int c) {
    boolean positive = false;
    boolean negative = false;
    for (int k = 0; k < classes; k++) {
      positive |= k != c && g[go + k] > 0;
      negative |= k != c && g[go + k] < 0;
    }
    return !(positive && negative);
  }

  private static boolean wrongSignsAgree(double[] g, int go, int classes, int c) {
    boolean positive = false;
    boolean negative = false;
    for (int k = 0; k < classes; k++) {
      positive |= k != c && g[go + k] > 0;
      negative |= k != c && g[go + k] < 0;
    }
    return !(positive && negative);
  }

  /** {@code Σ_{j≠c} |g_j|}, for calls whose wrong-class entries differ in sign. */
  private static double wrongMass(float[] g, int go, int classes, int c) {
    double mass = 0;
    for (int k = 0; k < classes; k++) {
      mass += k == c ? 0 : Math.abs(g[go + k]);
    }
    return mass;
  }

  private static double wrongMass(double[] g, int go, int classes, int c) {
    double mass = 0;
    for (int k = 0; k < classes; k++) {
      mass += k == c ? 0 : Math.abs(g[go + k]);
    }
    return mass;
  }

  /**
   * Classifies sample {@code i} from its row sums and adds it to the batch totals; returns its loss,
   * or NaN when the loss must be recomputed from the logits.
   */
  private double sample(
      int i,
      int bad,
      double zc,
      double gc,
      double scaleFactor,
      double tolerance,
      BatchStats out) {
    double sum = rowSum;
    double wrongMass = rowWrongMass;
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
    double gap = zc - rowMaxOther;
    out.gaps[i] = gap;
    gapSum += gap;
    out.gapBucketCounts[GapBuckets.indexOf(gap)]++;
    if (gap > 0) {
      correct++;
    }
    return sampleLoss(rowWrongSum * scaleFactor, gc * scaleFactor);
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

  /** {@code log Σ_k exp(z_k − max) + max − z_c}: the rare fallback for a badly wrong sample. */
  private static double lossFromLogits(float[] z, int zo, int classes, int c, double max) {
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      sum += Math.exp(z[zo + k] - max);
    }
    return Math.log(sum) + max - z[zo + c];
  }

  private static double lossFromLogits(double[] z, int zo, int classes, int c, double max) {
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      sum += Math.exp(z[zo + k] - max);
    }
    return Math.log(sum) + max - z[zo + c];
  }

  private static int countNonFinite(float[] z, int zo, float[] g, int go, int classes) {
    int count = 0;
    for (int k = 0; k < classes; k++) {
      count += Float.isFinite(z[zo + k]) ? 0 : 1;
      count += Float.isFinite(g[go + k]) ? 0 : 1;
    }
    return count;
  }

  private static int countNonFinite(double[] z, int zo, double[] g, int go, int classes) {
    int count = 0;
    for (int k = 0; k < classes; k++) {
      count += Double.isFinite(z[zo + k]) ? 0 : 1;
      count += Double.isFinite(g[go + k]) ? 0 : 1;
    }
    return count;
  }

  private void reset() {
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

  private void finish(BatchStats out, int batch, int classes) {
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

  /** Gap minimum and median over the finite gaps, by selection on a scratch copy. */
  private void medianAndMin(BatchStats out) {
    double[] gaps = out.gaps;
    double[] work = scratch;
    int n = 0;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < out.batch; i++) {
      double gap = gaps[i];
      if (gap == gap) {
        work[n++] = gap;
        if (gap < min) {
          min = gap;
        }
      }
    }
    if (n == 0) {
      out.gapMin = Double.NaN;
      out.gapMedian = Double.NaN;
      return;
    }
    out.gapMin = min;
    int mid = n >>> 1;
    double upper = Selection.select(work, n, mid);
    if ((n & 1) == 1) {
      out.gapMedian = upper;
    } else {
      double lower = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < mid; i++) {
        if (work[i] > lower) {
          lower = work[i];
        }
      }
      out.gapMedian = 0.5 * (lower + upper);
    }
  }
}
