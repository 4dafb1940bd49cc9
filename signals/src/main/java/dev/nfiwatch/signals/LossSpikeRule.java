package dev.nfiwatch.signals;


/**
 * The project's one definition of a loss spike, used by the demo trainer and by the agent alike,
 * in two forms: one for full-batch training, where the loss of a step is the loss of the training
 * set, and one for mini-batch training, where it is the loss of whichever samples the batch holds.
 *
 * <pre>{@code
 * LossSpikeRule rule = new LossSpikeRule(LossSpikeRule.Form.MINI_BATCH);
 * for (long step = 0; step < steps; step++) {
 *   if (rule.observe(step, loss, trainAccuracy == 1.0)) {
 *     System.out.println("spike starts at " + step);
 *   }
 * }
 * }</pre>
 *
 * <p>Both forms work on the loss evaluated in double, are armed once the training accuracy (of a
 * batch) has first reached 100 %, and count steps within {@value #WINDOW} after a spike start as the
 * same spike:
 *
 * <ul>
 *   <li>{@link Form#FULL_BATCH}: a spike starts at step {@code t} when {@code loss(t) > 100 ×
 *       max(min(loss(t−200 … t−1)), 1e-12)}.
 *   <li>{@link Form#MINI_BATCH}: the same test on {@code m(t)}, the mean loss of the last {@value
 *       #MINI_BATCH_MEAN} batches, against the <em>median</em> of {@code m} over the previous 200
 *       steps (tested once {@code m} covers 10 batches and the window holds 10 values of it). A confident model's batch losses spread over many orders of magnitude (1e-35 next to
 *       1): against the window minimum every later batch looks like a spike, one every 200 steps.
 *       The mean over batches averages out which samples a batch holds, the median is a level
 *       that a few very low batches cannot drag down, and a Slingshot spike raises both by orders
 *       of magnitude (BENCHMARKS.md, "The loss-spike rule on mini-batches", measured the forms).
 * </ul>
 *
 * <p>Fixed arrays throughout: no allocation per step; the full-batch form keeps its window
 * minimum with a monotonic queue (constant amortised time), the mini-batch form keeps its window's
 * means sorted as they enter and leave ({@link WindowMedian}). Not thread-safe: one instance per
 * training run (or per probe).
 */
public final class LossSpikeRule {

  /** Which loss the rule compares: see the class description. */
  public enum Form {
    /** The loss of each step against the minimum of the window: full-batch training. */
    FULL_BATCH,
    /** The mean of the last batches' losses against the median of the window: mini-batches. */
    MINI_BATCH
  }

  /** Steps before {@code t} that give the reference, and the length of one spike. */
  public static final int WINDOW = 200;

  /** How many times the reference the loss must exceed. */
  public static final double FACTOR = 100.0;

  /** The smallest reference loss, so that a loss of exactly zero cannot make every step a spike. */
  public static final double FLOOR = 1e-12;

  /** Batches whose mean loss the mini-batch form compares. */
  public static final int MINI_BATCH_MEAN = 10;

  private final Form form;

  // Full batch: the window's losses as a monotonic queue (minimum at the head).
  private final long[] queueSteps = new long[WINDOW + 1];
  private final double[] queueLosses = new double[WINDOW + 1];
  private int queueHead;
  private int queueSize;

  // Mini batch: the last batches' losses, and the window of their means in step order.
  private final double[] recent = new double[MINI_BATCH_MEAN];
  private int recentCount;
  private final WindowMedian windowMeans = new WindowMedian(WINDOW + 1);

  private boolean armed;
  private long lastSpikeStart;
  private long firstSpikeStep = -1;
  private int spikes;

  /** The full-batch form. */
  public LossSpikeRule() {
    this(Form.FULL_BATCH);
  }

  /** The rule in {@code form}. */
  public LossSpikeRule(Form form) {
    this.form = form;
  }

  /** The form this rule applies. */
  public Form form() {
    return form;
  }

  /**
   * Feeds the loss of one step. Steps must increase; gaps (sampled steps) are allowed.
   *
   * @param step the training step
   * @param loss the step's loss, evaluated in double
   * @param fullyCorrect whether the training accuracy is 100 % at this step (arms the rule for good)
   * @return whether a new spike starts at this step
   */
  public boolean observe(long step, double loss, boolean fullyCorrect) {
    return form == Form.FULL_BATCH
        ? observeFullBatch(step, loss, fullyCorrect)
        : observeMiniBatch(step, loss, fullyCorrect);
  }

  private boolean observeFullBatch(long step, double loss, boolean fullyCorrect) {
    while (queueSize > 0 && queueSteps[queueHead] < step - WINDOW) {
      queueHead = (queueHead + 1) % queueSteps.length;
      queueSize--;
    }
    boolean starts =
        test(step, loss, fullyCorrect, queueSize > 0 ? queueLosses[queueHead] : Double.NaN);
    if (!Double.isNaN(loss)) {
      push(step, loss);
    }
    return starts;
  }

  private boolean observeMiniBatch(long step, double loss, boolean fullyCorrect) {
    windowMeans.dropBefore(step - WINDOW);
    if (Double.isNaN(loss)) {
      return test(step, loss, fullyCorrect, Double.NaN);
    }
    recent[recentCount % MINI_BATCH_MEAN] = loss;
    recentCount++;
    int n = Math.min(recentCount, MINI_BATCH_MEAN);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += recent[i];
    }
    double mean = sum / n;
    // No reference until the mean covers MINI_BATCH_MEAN batches and the window as many means.
    boolean ready = recentCount >= MINI_BATCH_MEAN && windowMeans.size() >= MINI_BATCH_MEAN;
    boolean starts = test(step, mean, fullyCorrect, ready ? windowMeans.median() : Double.NaN);
    windowMeans.add(step, mean);
    return starts;
  }

  /** Arms on 100 % accuracy; a spike starts when {@code value > FACTOR × reference}. */
  private boolean test(long step, double value, boolean fullyCorrect, double reference) {
    if (fullyCorrect) {
      armed = true;
    }
    if (!armed || Double.isNaN(reference) || (spikes > 0 && step - lastSpikeStart <= WINDOW)) {
      return false;
    }
    if (value > FACTOR * Math.max(reference, FLOOR)) {
      spikes++;
      lastSpikeStart = step;
      if (firstSpikeStep < 0) {
        firstSpikeStep = step;
      }
      return true;
    }
    return false;
  }

  private void push(long step, double loss) {
    while (queueSize > 0 && queueLosses[last()] >= loss) {
      queueSize--;
    }
    if (queueSize == queueSteps.length) {
      queueHead = (queueHead + 1) % queueSteps.length;
      queueSize--;
    }
    int slot = (queueHead + queueSize) % queueSteps.length;
    queueSteps[slot] = step;
    queueLosses[slot] = loss;
    queueSize++;
  }

  private int last() {
    return (queueHead + queueSize - 1) % queueSteps.length;
  }

  /** How many spikes have started so far. */
  public int spikes() {
    return spikes;
  }

  /** The step at which the first spike started, or -1 when none has. */
  public long firstSpikeStep() {
    return firstSpikeStep;
  }

  /** The step at which the latest spike started, or -1 when none has. */
  public long lastSpikeStep() {
    return spikes == 0 ? -1 : lastSpikeStart;
  }

  /** Whether training accuracy has reached 100 % at least once, so that spikes can be detected. */
  public boolean armed() {
    return armed;
  }
}
