package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchAnalyzer;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.analysis.BatchStats;
import dev.nfiwatch.agent.analysis.Dtype;
import dev.nfiwatch.agent.analysis.GapBuckets;
import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import dev.nfiwatch.agent.nfi.GradientRepair;
import java.util.List;

/**
 * Everything one probe owns at run time: its analyzer, the reusable stats, the running totals the
 * metrics read, and a fixed list of {@link BatchObserver}s called after each analysed call; in repair
 * mode, the {@link GradientRepair} that rewrites the gradient after them. The training thread calls
 * {@link #onCall}, which either analyses the call there (inline) or copies it for the probe's
 * {@link BackgroundAnalysis} thread; scrapes read the totals. Never throws into the caller.
 */
public final class ProbeRuntime {

  /** Calls per window in which waits for a background slot are counted. */
  static final int INLINE_WINDOW = 256;

  /** Waits for a background slot within one window that make the probe switch to inline analysis. */
  static final int INLINE_AFTER_WAITS = 16;

  /**
   * The largest call (all its arrays, in bytes) copied for background analysis: a larger one is
   * analysed on the training thread, in place, so that the ring of {@link BackgroundAnalysis} (at
   * least three slots of a call each) stays under 3 × this, whatever the batch.
   */
  static final long MAX_COPIED_CALL_BYTES = 4L << 20;

  /**
   * A test-only hook (system property {@code dev.nfiwatch.test.analysisFaultAt=N}): the analysis of
   * each model's N-th call throws, as a bug in the agent would, so that tests can show such a
   * failure is counted and never reaches the trainer. -1 (the default): never.
   */
  private static final long ANALYSIS_FAULT_AT = Long.getLong("dev.nfiwatch.test.analysisFaultAt", -1);

  private final String name;
  private final String model;
  private final AnalysisSpec spec;
  private final BatchAnalyzer analyzer;
  private final BatchStats stats = new BatchStats();
  private final BatchObserver[] observers;
  private final GradientRepair repair;
  private final BackgroundAnalysis background;
  /** Serialises the training threads' calls; never taken by the background thread. */
  private final Object callLock = new Object();
  /** Set (under callLock) once calls came faster than the background analysis: analyse inline. */
  private boolean switchedInline;
  /** The background's waited calls at the start of the current window of calls (under callLock). */
  private long waitsAtWindowStart;

  // Written under callLock (the calling side), read by scrapes.
  private volatile long calls;
  private volatile long dropped;
  private volatile long callNanos;

  // Written under this (the analysing side), read by scrapes under this.
  private long samples;
  private long healthy;
  private long partial;
  private long absorbed;
  private long dead;
  private long nonfinite;
  private final long[] errors = new long[ProbeErrorReason.values().length];
  private final long[] gapBuckets = new long[GapBuckets.count() + 1];
  private double gapSum;
  private long analysisNanos;
  private long analysedCalls;
  private Dtype lastDtype;
  private double lastAbsorptionRatio = Double.NaN;
  private double lastResidualRatio = Double.NaN;
  private double lastMeanLogit = Double.NaN;
  private double lastLoss = Double.NaN;
  private double lastGapMin = Double.NaN;
  private double lastGapMedian = Double.NaN;
  private double lastMaxAbsLogit = Double.NaN;

  /**
   * @param name the probe's name, the {@code probe} metric label ({@code demo}, {@code generic})
   * @param spec how the probe's arrays are read
   * @param observers called, in order, after each analysed call
   */
  public ProbeRuntime(String name, AnalysisSpec spec, List<BatchObserver> observers) {
    this(name, "0", spec, observers, null, false);
  }

  /**
   * @param name the probe's name, the {@code probe} metric label ({@code demo}, {@code generic})
   * @param model the model's label among the probe's models (see {@link ProbeModels})
   * @param spec how the probe's arrays are read
   * @param observers called, in order, after each analysed call
   * @param repair rewrites the gradient after the observers ({@code mode=repair}), or null
   * @param inBackground whether calls are analysed on a background thread (not with a repair,
   *     which must rewrite the gradient before the call returns)
   */
  public ProbeRuntime(
      String name,
      String model,
      AnalysisSpec spec,
      List<BatchObserver> observers,
      GradientRepair repair,
      boolean inBackground) {
    if (inBackground && repair != null) {
      throw new IllegalArgumentException("a repairing probe analyses inline");
    }
    this.name = name;
    this.model = model;
    this.spec = spec;
    this.analyzer = new BatchAnalyzer(spec);
    this.observers = observers.toArray(new BatchObserver[0]);
    this.repair = repair;
    this.background =
        inBackground
            ? new BackgroundAnalysis(
                name + (model.equals("0") ? "" : "-" + model),
                call ->
                    analyse(
                        call.logits,
                        call.labels,
                        call.gradient,
                        call.weights,
                        call.features,
                        call.format))
            : null;
  }

  /** The probe's name. */
  public String name() {
    return name;
  }

  /** The model's label among the probe's models ({@code 0} for the first). */
  public String model() {
    return model;
  }

  /**
   * Takes one call on the training thread: analyses it there, or copies it for the background
   * thread (see {@link BackgroundAnalysis} for what happens when that thread is behind). Repair
   * runs inline: the gradient must be rewritten before the call returns. A background probe whose
   * calls come faster than their analysis ({@value #INLINE_AFTER_WAITS} calls of a window of
   * {@value #INLINE_WINDOW} found every slot taken) switches to inline analysis for good, once the
   * calls already handed over are analysed: waiting and handing over then cost more than they save.
   */
  public void onCall(
      Object logits,
      Object labels,
      Object gradient,
      Object classifierWeights,
      Object classifierInput,
      String format) {
    take(logits, labels, gradient, classifierWeights, classifierInput, format, null);
  }

  /**
   * Takes one library step as {@link #onCall} takes a call, but without copying it for the
   * background thread: its arrays are lent to the ring. Returns the arrays the reader fills for its
   * next step: {@code step} itself when it was analysed here (or not taken), else arrays whose
   * analysis has finished.
   */
  public StepArrays onStep(StepArrays step) {
    return take(
        step.logits, step.labels, step.gradient, step.weights, step.features, step.format, step);
  }

  /** {@link #onCall} ({@code step} null: copied) and {@link #onStep} ({@code step}'s arrays: lent). */
  private StepArrays take(
      Object logits,
      Object labels,
      Object gradient,
      Object classifierWeights,
      Object classifierInput,
      String format,
      StepArrays step) {
    synchronized (callLock) {
      long start = System.nanoTime();
      calls++;
      StepArrays next = step;
      if (background == null || switchedInline) {
        analyse(logits, labels, gradient, classifierWeights, classifierInput, format);
      } else if (BackgroundAnalysis.bytes(
              logits, labels, gradient, classifierWeights, classifierInput)
          > MAX_COPIED_CALL_BYTES) {
        analyseLargeCallInline(logits, labels, gradient, classifierWeights, classifierInput, format);
      } else {
        boolean handed;
        if (step == null) {
          handed =
              background.handOver(
                  logits, labels, gradient, classifierWeights, classifierInput, format);
        } else {
          StepArrays back = background.lend(step);
          handed = back != null;
          next = handed ? back : step;
        }
        if (!handed) {
          dropped++;
          AgentLog.once(
              "stalled-" + name,
              "probe " + name + ": background analysis stalled, calls dropped (counted as "
                  + ProbeErrorReason.ANALYSIS_FAILED.label() + ")");
        }
        if (calls % INLINE_WINDOW == 0) {
          long waits = background.waitedCalls();
          if (waits - waitsAtWindowStart >= INLINE_AFTER_WAITS) {
            switchInline();
          }
          waitsAtWindowStart = waits;
        }
      }
      callNanos += System.nanoTime() - start;
      return next;
    }
  }

  /** A call too large to copy: analysed here once the calls before it are, so order holds. */
  private void analyseLargeCallInline(
      Object logits,
      Object labels,
      Object gradient,
      Object classifierWeights,
      Object classifierInput,
      String format) {
    if (!backgroundIdle()) {
      dropped++;
      return;
    }
    AgentLog.once(
        "large-" + name,
        "probe " + name + ": calls above " + (MAX_COPIED_CALL_BYTES >> 20) + " MiB are analysed on"
            + " the training thread, in place (copying them would cost more memory than the"
            + " analysis costs time)");
    analyse(logits, labels, gradient, classifierWeights, classifierInput, format);
  }

  /**
   * Waits until the background thread has analysed every call handed over, at most {@link
   * BackgroundAnalysis#STALL_MILLIS}; false if it stalled or the wait was interrupted (the
   * interrupt status is kept).
   */
  private boolean backgroundIdle() {
    try {
      return background.awaitIdle(BackgroundAnalysis.STALL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void switchInline() {
    if (!backgroundIdle()) {
      return; // stalled (or interrupted): keep handing over, which drops and counts the calls
    }
    switchedInline = true;
    AgentLog.info(
        "probe " + name + ": calls come faster than their background analysis; analysing on the"
            + " training thread from call " + (calls + 1) + " on (set analysis=inline to start so)");
  }

  /** Analyses one call, updates the totals and tells the observers. */
  private synchronized void analyse(
      Object logits,
      Object labels,
      Object gradient,
      Object classifierWeights,
      Object classifierInput,
      String format) {
    long start = System.nanoTime();
    ProbeErrorReason error;
    try {
      if (analysedCalls + 1 == ANALYSIS_FAULT_AT) {
        throw new IllegalStateException("fault injected by dev.nfiwatch.test.analysisFaultAt");
      }
      error = analyzer.analyze(logits, labels, gradient, format, stats);
    } catch (RuntimeException | LinkageError e) {
      error = ProbeErrorReason.ANALYSIS_FAILED;
      AgentLog.once("analysis-" + name, "probe " + name + ": analysis failed (counted): " + e);
    }
    if (error != null) {
      countCallError(error);
    } else {
      accumulate();
      for (BatchObserver observer : observers) {
        try {
          observer.onBatch(stats, classifierWeights, classifierInput);
        } catch (RuntimeException | LinkageError e) {
          errors[ProbeErrorReason.OBSERVER_FAILED.ordinal()]++;
          AgentLog.once(
              "observer-" + name + "-" + observer.getClass().getName(),
              "probe " + name + ": observer " + observer.getClass().getName() + " failed: " + e);
        }
      }
      if (repair != null) {
        try {
          repair.repair(stats, gradient);
        } catch (RuntimeException | LinkageError e) {
          errors[ProbeErrorReason.REPAIR_FAILED.ordinal()]++;
          AgentLog.once("repair-" + name, "probe " + name + ": zero-sum repair failed: " + e);
        }
      }
    }
    analysisNanos += System.nanoTime() - start;
    analysedCalls++;
  }

  /** Counts a call that was not analysed, and says so once per reason. */
  private synchronized void countCallError(ProbeErrorReason error) {
    errors[error.ordinal()]++;
    AgentLog.once(
        "error-" + name + "-" + error.label(),
        "probe " + name + ": call not analysed (" + error.label() + detail(error) + "; counted"
            + " in nfi_probe_errors_total, logged once)");
  }

  /**
   * Takes a library step with more samples than {@code analysis.max.samples}, which its reader did
   * not copy: one call, counted as {@code batch_too_large} (logged once), not analysed.
   */
  public void onOversizedCall() {
    synchronized (callLock) {
      calls++;
    }
    countCallError(ProbeErrorReason.BATCH_TOO_LARGE);
  }

  /** What the log line adds to an error's label. */
  private String detail(ProbeErrorReason error) {
    return error == ProbeErrorReason.BATCH_TOO_LARGE
        ? ": more than " + spec.maxSamples() + " samples, the analysis.max.samples limit"
        : "";
  }

  private void accumulate() {
    BatchStats s = stats;
    samples += s.batch();
    healthy += s.healthy();
    partial += s.partial();
    absorbed += s.absorbed();
    dead += s.dead();
    nonfinite += s.nonfinite();
    long[] batchBuckets = s.gapBucketCounts();
    for (int i = 0; i < gapBuckets.length; i++) {
      gapBuckets[i] += batchBuckets[i];
    }
    gapSum += s.gapSum();
    lastDtype = s.dtype();
    lastAbsorptionRatio = s.absorptionRatio();
    lastResidualRatio = s.residualRatio();
    lastMeanLogit = s.meanLogit();
    lastLoss = s.loss();
    lastGapMin = s.gapMin();
    lastGapMedian = s.gapMedian();
    lastMaxAbsLogit = s.maxAbsLogit();
  }

  /** Counts an error that happened outside {@link #onCall} (e.g. instrumentation failures). */
  public synchronized void countError(ProbeErrorReason reason) {
    errors[reason.ordinal()]++;
  }

  /** Calls observed on the training threads, analysed or not. */
  public long calls() {
    return calls;
  }

  /**
   * The training threads' time in {@link #onCall}, in nanoseconds: the whole analysis when inline,
   * the copy when in the background.
   */
  public long callNanos() {
    return callNanos;
  }

  /** Whether calls are analysed on a background thread (now). */
  boolean inBackground() {
    synchronized (callLock) {
      return background != null && !switchedInline;
    }
  }

  /**
   * Waits until every call handed to the background thread has been analysed, at most {@code
   * timeoutMillis} (at once when inline); returns whether it has.
   */
  public boolean awaitAnalysed(long timeoutMillis) throws InterruptedException {
    synchronized (callLock) {
      // Entered once no call is being taken: a call counted before now has been handed over.
    }
    return background == null || background.awaitIdle(timeoutMillis);
  }

  public synchronized long samples() {
    return samples;
  }

  public synchronized long healthySamples() {
    return healthy;
  }

  public synchronized long partialSamples() {
    return partial;
  }

  public synchronized long absorbedSamples() {
    return absorbed;
  }

  public synchronized long deadSamples() {
    return dead;
  }

  public synchronized long nonfiniteValues() {
    return nonfinite;
  }

  public synchronized long errors(ProbeErrorReason reason) {
    return errors[reason.ordinal()] + (reason == ProbeErrorReason.ANALYSIS_FAILED ? dropped : 0);
  }

  /** Whether the probe has seen a call or an error: only then does it report (metrics, summary). */
  public boolean seen() {
    return calls() > 0 || errors() > 0;
  }

  /** All errors, whatever the reason. */
  public synchronized long errors() {
    long total = dropped;
    for (long count : errors) {
      total += count;
    }
    return total;
  }

  /** Cumulative gap histogram counts per {@link GapBuckets} bucket (a copy, not cumulative). */
  public synchronized long[] gapBucketCounts() {
    return gapBuckets.clone();
  }

  public synchronized double gapSum() {
    return gapSum;
  }

  /** Total time spent analysing calls (analysis, observers, repair), in nanoseconds. */
  public synchronized long analysisNanos() {
    return analysisNanos;
  }

  /** Calls analysed (timed in {@link #analysisNanos()}), with or without an error. */
  public synchronized long timedCalls() {
    return analysedCalls;
  }

  /** The number format of the last analysed batch, or null before the first. */
  public synchronized Dtype lastDtype() {
    return lastDtype;
  }

  public synchronized double lastAbsorptionRatio() {
    return lastAbsorptionRatio;
  }

  public synchronized double lastResidualRatio() {
    return lastResidualRatio;
  }

  public synchronized double lastMeanLogit() {
    return lastMeanLogit;
  }

  public synchronized double lastLoss() {
    return lastLoss;
  }

  public synchronized double lastGapMin() {
    return lastGapMin;
  }

  public synchronized double lastGapMedian() {
    return lastGapMedian;
  }

  public synchronized double lastMaxAbsLogit() {
    return lastMaxAbsLogit;
  }

  /** The probe's observers, in call order (for exporters that publish their state). */
  public List<BatchObserver> observers() {
    return List.of(observers);
  }
}
