package dev.nfiwatch.signals;

/**
 * The project's one definition of a loss spike, used by the demo trainer and by the agent alike.
 *
 * <pre>{@code
 * LossSpikeRule rule = new LossSpikeRule();
 * for (long step = 0; step < steps; step++) {
 *   if (rule.observe(step, loss, trainAccuracy == 1.0)) {
 *     System.out.println("spike starts at " + step);
 *   }
 * }
 * }</pre>
 *
 * <p>On a loss evaluated in double, once the training accuracy has first reached 100 %, a spike
 * starts at step {@code t} when {@code loss(t) > 100 × max(min(loss(t−200 … t−1)), 1e-12)}; steps
 * within 200 after a spike start belong to the same spike. The window minimum is kept with a
 * monotonic queue in fixed arrays: constant amortised time and no allocation per step.
 *
 * <p>Not thread-safe: one instance per training run (or per probe).
 */
public final class LossSpikeRule {

  /** Steps before {@code t} whose minimum loss is the reference, and the length of one spike. */
  public static final int WINDOW = 200;

  /** How many times the window minimum the loss must exceed. */
  public static final double FACTOR = 100.0;

  /** The smallest reference loss, so that a loss of exactly zero cannot make every step a spike. */
  public static final double FLOOR = 1e-12;

  private final long[] queueSteps = new long[WINDOW + 1];
  private final double[] queueLosses = new double[WINDOW + 1];
  private int queueHead;
  private int queueSize;

  private boolean armed;
  private long lastSpikeStart;
  private long firstSpikeStep = -1;
  private int spikes;

  /**
   * Feeds the loss of one step. Steps must increase; gaps (sampled steps) are allowed.
   *
   * @param step the training step
   * @param loss the step's loss, evaluated in double
   * @param fullyCorrect whether the training accuracy is 100 % at this step (arms the rule for good)
   * @return whether a new spike starts at this step
   */
  public boolean observe(long step, double loss, boolean fullyCorrect) {
    while (queueSize > 0 && queueSteps[queueHead] < step - WINDOW) {
      queueHead = (queueHead + 1) % queueSteps.length;
      queueSize--;
    }
    if (fullyCorrect) {
      armed = true;
    }
    boolean starts = false;
    if (armed && queueSize > 0 && (spikes == 0 || step - lastSpikeStart > WINDOW)) {
      double reference = Math.max(queueLosses[queueHead], FLOOR);
      if (loss > FACTOR * reference) {
        starts = true;
        spikes++;
        lastSpikeStart = step;
        if (firstSpikeStep < 0) {
          firstSpikeStep = step;
        }
      }
    }
    if (!Double.isNaN(loss)) {
      push(step, loss);
    }
    return starts;
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
