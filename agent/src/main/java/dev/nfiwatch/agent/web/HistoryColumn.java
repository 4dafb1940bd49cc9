package dev.nfiwatch.agent.web;

/**
 * One per-step quantity kept in a probe's {@link StepHistory}, with the name it has in the JSON and
 * the rule that merges several steps into one point when the history downsamples.
 *
 * <p>The rules are chosen so that downsampling never hides what the page is for: the loss keeps its
 * maximum (a spike survives), the minimum gap keeps its minimum, shares and residuals are averaged,
 * and norms and growth rates keep their latest value.
 */
public enum HistoryColumn {
  /** The batch's mean cross-entropy loss. */
  LOSS("loss", Merge.MAX),
  /** Share of the batch's samples that are fully absorbed (correct-class gradient exactly 0). */
  ABSORBED_SHARE("absorbed", Merge.MEAN),
  /** Share of the batch's samples that are partially absorbed. */
  PARTIAL_SHARE("partial", Merge.MEAN),
  /** Share of the batch's samples whose gradient is all zeros. */
  DEAD_SHARE("dead", Merge.MEAN),
  /** The batch's signed zero-sum residual over its wrong-class gradient mass (1 = all absorbed). */
  RESIDUAL_RATIO("residual", Merge.MEAN),
  /** The smallest logit gap (correct minus best other) in the batch, in nats. */
  GAP_MIN("gapMin", Merge.MIN),
  /** The median logit gap in the batch, in nats. */
  GAP_MEDIAN("gapMedian", Merge.MEAN),
  /** Norm of the classifier's mean row w̄. */
  W_BAR_NORM("wBarNorm", Merge.LAST),
  /** Norm of the batch's mean feature vector h̄. */
  H_BAR_NORM("hBarNorm", Merge.LAST),
  /** Exponential growth rate of ‖w̄‖ per step, from a log-linear fit over the detector's window. */
  W_BAR_GROWTH("wBarGrowth", Merge.LAST),
  /** Exponential growth rate of ‖h̄‖ per step, from a log-linear fit over the detector's window. */
  H_BAR_GROWTH("hBarGrowth", Merge.LAST);

  /** How values of consecutive steps combine into one point. NaN means "no value" and is skipped. */
  enum Merge {
    MAX,
    MIN,
    MEAN,
    LAST
  }

  private static final HistoryColumn[] ALL = values();

  private final String jsonName;
  private final Merge merge;

  HistoryColumn(String jsonName, Merge merge) {
    this.jsonName = jsonName;
    this.merge = merge;
  }

  /** The key of this column in the history JSON. */
  public String jsonName() {
    return jsonName;
  }

  Merge merge() {
    return merge;
  }

  /** How many columns there are: the length of the value row {@link StepHistory#record} takes. */
  public static int count() {
    return ALL.length;
  }

  static HistoryColumn at(int index) {
    return ALL[index];
  }
}
