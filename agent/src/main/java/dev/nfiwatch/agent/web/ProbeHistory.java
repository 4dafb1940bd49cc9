package dev.nfiwatch.agent.web;

/**
 * Everything the live page shows for one model of one probe: its identity, the downsampled per-step history,
 * the exact loss-spike and NFI-onset steps, and what the verdict needs.
 *
 * <p>Written by the training thread ({@link #record}, {@link #spikeStarted}, {@link #onsetDetected})
 * and read by the HTTP thread ({@link #snapshot}); both sides take this object's monitor, which the
 * writer holds only for a few primitive stores and the reader for one copy of fixed-size arrays.
 */
public final class ProbeHistory {

  /** Points kept per probe: (1 step + 11 columns) × 8 B × 512 = 48 KiB for any run length. */
  public static final int DEFAULT_CAPACITY = 512;

  /** Event steps kept per kind (spikes, onsets): the first half and the most recent half. */
  public static final int DEFAULT_EVENT_LIMIT = 256;

  private final String probe;
  private final String model;
  private final String mode;
  private String dtype = "";
  private double gapThreshold = Double.NaN;
  private final StepHistory history;
  private final EventSteps spikes;
  private final EventSteps onsets;
  private long lastStep = -1;
  private double lastAbsorbedShare = Double.NaN;
  private double lastPartialShare = Double.NaN;
  private boolean onsetActive;

  /**
   * A probe history with the default capacity and event limit.
   *
   * @param probe the probe's name
   * @param model the model's label among the probe's models
   * @param mode the agent's mode, shown in the header
   */
  public ProbeHistory(String probe, String model, String mode) {
    this(probe, model, mode, DEFAULT_CAPACITY, DEFAULT_EVENT_LIMIT);
  }

  ProbeHistory(String probe, String model, String mode, int capacity, int eventLimit) {
    this.probe = probe;
    this.model = model;
    this.mode = mode;
    this.history = new StepHistory(capacity);
    this.spikes = new EventSteps(eventLimit);
    this.onsets = new EventSteps(eventLimit);
  }

  /**
   * Sets the number format the probe's batches are judged in (once known, and whenever it changes).
   *
   * @param dtype the format's label, e.g. {@code fp32}
   * @param gapThreshold the logit gap in nats past which the format absorbs, drawn on the gap chart
   */
  public synchronized void format(String dtype, double gapThreshold) {
    this.dtype = dtype;
    this.gapThreshold = gapThreshold;
  }

  /**
   * Records one analysed step.
   *
   * @param row one value per {@link HistoryColumn}, indexed by ordinal; NaN = not measured
   * @param onsetActive whether an NFI onset episode is in progress at this step
   */
  public synchronized void record(long step, double[] row, boolean onsetActive) {
    history.record(step, row);
    lastStep = step;
    lastAbsorbedShare = row[HistoryColumn.ABSORBED_SHARE.ordinal()];
    lastPartialShare = row[HistoryColumn.PARTIAL_SHARE.ordinal()];
    this.onsetActive = onsetActive;
  }

  /** Marks the start of a loss spike. */
  public synchronized void spikeStarted(long step) {
    spikes.add(step);
  }

  /** Marks a step at which an NFI onset episode started. */
  public synchronized void onsetDetected(long step) {
    onsets.add(step);
  }

  /** The probe's name. */
  public String probe() {
    return probe;
  }

  /** The model's label among the probe's models. */
  public String model() {
    return model;
  }

  /** A consistent copy for the HTTP thread. */
  public synchronized Snapshot snapshot() {
    Verdict verdict = Verdict.of(lastAbsorbedShare, lastPartialShare, onsetActive);
    return new Snapshot(this, dtype, gapThreshold, history.snapshot(), spikes.steps(), spikes.total(), onsets.steps(),
        onsets.total(), lastStep, verdict);
  }

  /** An immutable view of a probe history at one moment. */
  public static final class Snapshot {
    private final String probe;
    private final String model;
    private final String dtype;
    private final String mode;
    private final double gapThreshold;
    private final int capacity;
    private final StepHistory.Snapshot points;
    private final long[] spikeSteps;
    private final long spikeTotal;
    private final long[] onsetSteps;
    private final long onsetTotal;
    private final long lastStep;
    private final Verdict verdict;

    private Snapshot(ProbeHistory owner, String dtype, double gapThreshold,
        StepHistory.Snapshot points, long[] spikeSteps, long spikeTotal, long[] onsetSteps,
        long onsetTotal, long lastStep, Verdict verdict) {
      this.probe = owner.probe;
      this.model = owner.model;
      this.dtype = dtype;
      this.gapThreshold = gapThreshold;
      this.mode = owner.mode;
      this.capacity = owner.history.capacity();
      this.points = points;
      this.spikeSteps = spikeSteps;
      this.spikeTotal = spikeTotal;
      this.onsetSteps = onsetSteps;
      this.onsetTotal = onsetTotal;
      this.lastStep = lastStep;
      this.verdict = verdict;
    }

    public String probe() {
      return probe;
    }

    public String model() {
      return model;
    }

    /** The format's label, or "" before the first step. */
    public String dtype() {
      return dtype;
    }

    public String mode() {
      return mode;
    }

    /** The most points the history keeps. */
    public int capacity() {
      return capacity;
    }

    public StepHistory.Snapshot points() {
      return points;
    }

    /** The kept loss-spike start steps, oldest first. */
    public long[] spikeSteps() {
      return spikeSteps.clone();
    }

    /** Every loss spike seen, kept or not. */
    public long spikeTotal() {
      return spikeTotal;
    }

    /** The kept NFI onset steps, oldest first. */
    public long[] onsetSteps() {
      return onsetSteps.clone();
    }

    /** Every onset seen, kept or not. */
    public long onsetTotal() {
      return onsetTotal;
    }

    /** The latest recorded step, or -1 before the first. */
    public long lastStep() {
      return lastStep;
    }

    public Verdict verdict() {
      return verdict;
    }

    /** The logit gap at which this probe's format starts absorbing, in nats (NaN if unknown). */
    public double gapThreshold() {
      return gapThreshold;
    }
  }
}
