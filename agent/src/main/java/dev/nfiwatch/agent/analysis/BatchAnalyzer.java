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
 * <p>The work is split by job: {@link BatchLayout} checks the arrays and resolves the labels (every
 * rejection happens there), {@link FloatKernel} or {@link DoubleKernel} reads each row once, {@link
 * SampleClassifier} applies the one classification rule above and keeps the call's totals, and
 * this class orders them and adds the gap minimum and median. Invalid input yields a {@link
 * ProbeErrorReason} instead of an exception. Not thread-safe: one analyzer per probe.
 */
public final class BatchAnalyzer {

  /** How many times the ordinary rounding bound {@code K · u} a residual must exceed to be partial. */
  public static final double ROUNDING_MARGIN = 4;

  private final AnalysisSpec spec;
  private final BatchLayout layout;
  private final FloatKernel floatKernel = new FloatKernel();
  private final DoubleKernel doubleKernel = new DoubleKernel();
  private final SampleClassifier classifier = new SampleClassifier();
  private double[] scratch = new double[0];
  private long calls;

  /** An analyzer reading arrays as {@code spec} describes. */
  public BatchAnalyzer(AnalysisSpec spec) {
    this.spec = spec;
    this.layout = new BatchLayout(spec);
  }

  /**
   * Analyses one call and fills {@code out}.
   *
   * @param logits the logits (see {@link BatchLayout} for the accepted layouts)
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
    ProbeErrorReason error = layout.resolve(logits, labels, gradient);
    if (error != null) {
      return error;
    }
    int batch = layout.batch();
    int classes = layout.classes();
    Dtype dtype = spec.dtype();
    if (dtype == null) {
      dtype = Dtype.fromLabel(format);
    }
    if (dtype == null) {
      dtype = layout.floats() ? Dtype.FP32 : Dtype.FP64;
    }
    out.ensureCapacity(batch);
    out.step = calls;
    out.batch = batch;
    out.classes = classes;
    out.dtype = dtype;
    out.labels = layout.labels();
    java.util.Arrays.fill(out.gapBucketCounts, 0L);
    double scaleFactor =
        spec.sign().factor() * (spec.scale() == GradientScale.BATCH ? (double) batch : 1.0);
    classifier.start(scaleFactor, partialTolerance(dtype, classes));
    if (layout.floats()) {
      floatKernel.pass(logits, gradient, layout, classifier, out);
    } else {
      doubleKernel.pass(logits, gradient, layout, classifier, out);
    }
    classifier.finish(out, batch, classes);
    medianAndMin(out);
    return null;
  }

  /** The relative residual above which a sample is partially absorbed (see the class description). */
  public static double partialTolerance(Dtype dtype, int classes) {
    double u = dtype.unitRoundoff();
    return Math.max(Math.sqrt(u), ROUNDING_MARGIN * classes * u);
  }

  /** Gap minimum and median over the finite gaps, by selection on a scratch copy. */
  private void medianAndMin(BatchStats out) {
    double[] gaps = out.gaps;
    if (scratch.length < out.batch) {
      scratch = new double[out.batch];
    }
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
