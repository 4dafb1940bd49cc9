package dev.nfiwatch.agent.analysis;

/**
 * How a probe's arrays are to be read: the label form, the sign and scale of the gradient, the class
 * count (0 = derived from the array lengths) and an optional fixed number format (null = from the
 * {@code format} string the probe passes, else from the array element type), and the most samples
 * one call may have for the analysis to read it.
 *
 * @param classes the class count, or 0 to derive it ({@code logits.length / batch}, or the row length
 *     of two-dimensional arrays)
 * @param labelForm class indices or one-hot rows
 * @param sign the gradient's sign convention
 * @param scale whether the gradient is divided by the batch size
 * @param dtype the number format to assume, or null to infer it
 * @param maxSamples the largest batch analysed; a larger call is counted as {@link
 *     ProbeErrorReason#BATCH_TOO_LARGE} and not read, so that the analysis' per-sample buffers
 *     (28 bytes per sample) stay bounded whatever the trainer does
 */
public final class AnalysisSpec {

  /** The default of {@code analysis.max.samples}: 65 536 samples, 1.75 MiB of per-sample buffers. */
  public static final int DEFAULT_MAX_SAMPLES = 1 << 16;

  /** The demo trainer's convention: indices, {@code p − y} per sample, classes derived, format given. */
  public static final AnalysisSpec DEMO =
      new AnalysisSpec(0, LabelForm.INDICES, GradientSign.P_MINUS_Y, GradientScale.SAMPLE, null);

  private final int classes;
  private final LabelForm labelForm;
  private final GradientSign sign;
  private final GradientScale scale;
  private final Dtype dtype;
  private final int maxSamples;

  /** A spec with the default {@link #maxSamples()}; see the class description for the rest. */
  public AnalysisSpec(
      int classes, LabelForm labelForm, GradientSign sign, GradientScale scale, Dtype dtype) {
    this(classes, labelForm, sign, scale, dtype, DEFAULT_MAX_SAMPLES);
  }

  private AnalysisSpec(
      int classes,
      LabelForm labelForm,
      GradientSign sign,
      GradientScale scale,
      Dtype dtype,
      int maxSamples) {
    this.classes = classes;
    this.labelForm = labelForm;
    this.sign = sign;
    this.scale = scale;
    this.dtype = dtype;
    this.maxSamples = maxSamples;
  }

  /** This spec with another {@link #maxSamples()} (at least 1). */
  public AnalysisSpec withMaxSamples(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("maxSamples must be at least 1, got " + limit);
    }
    return new AnalysisSpec(classes, labelForm, sign, scale, dtype, limit);
  }

  public int classes() {
    return classes;
  }

  public LabelForm labelForm() {
    return labelForm;
  }

  public GradientSign sign() {
    return sign;
  }

  public GradientScale scale() {
    return scale;
  }

  /** The fixed number format, or null when it is inferred. */
  public Dtype dtype() {
    return dtype;
  }

  /** The largest batch the analysis reads. */
  public int maxSamples() {
    return maxSamples;
  }
}
