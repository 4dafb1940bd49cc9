package dev.nfiwatch.agent.analysis;

/**
 * How a probe's arrays are to be read: the label form, the sign and scale of the gradient, the class
 * count (0 = derived from the array lengths) and an optional fixed number format (null = from the
 * {@code format} string the probe passes, else from the array element type).
 *
 * @param classes the class count, or 0 to derive it ({@code logits.length / batch}, or the row length
 *     of two-dimensional arrays)
 * @param labelForm class indices or one-hot rows
 * @param sign the gradient's sign convention
 * @param scale whether the gradient is divided by the batch size
 * @param dtype the number format to assume, or null to infer it
 */
public final class AnalysisSpec {

  /** The demo trainer's convention: indices, {@code p − y} per sample, classes derived, format given. */
  public static final AnalysisSpec DEMO =
      new AnalysisSpec(0, LabelForm.INDICES, GradientSign.P_MINUS_Y, GradientScale.SAMPLE, null);

  private final int classes;
  private final LabelForm labelForm;
  private final GradientSign sign;
  private final GradientScale scale;
  private final Dtype dtype;

  /** See the class description for the meaning of each parameter. */
  public AnalysisSpec(
      int classes, LabelForm labelForm, GradientSign sign, GradientScale scale, Dtype dtype) {
    this.classes = classes;
    this.labelForm = labelForm;
    this.sign = sign;
    this.scale = scale;
    this.dtype = dtype;
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
}
