package dev.nfiwatch.agent.analysis;

import java.util.Locale;

/**
 * Why a probe call could not be analysed. A bounded set, so that it can be a metric label
 * ({@code nfi_probe_errors_total{reason}}); the analysis reports these instead of throwing.
 */
public enum ProbeErrorReason {
  /** Logits, labels or gradient was null. */
  NULL_ARRAY,
  /** An array had a type the probe does not read (or logits and gradient differ in element type). */
  UNSUPPORTED_TYPE,
  /** Array lengths do not agree with batch × classes, or fewer than two classes. */
  LENGTH_MISMATCH,
  /** A call with no samples (empty arrays). */
  EMPTY_BATCH,
  /**
   * A call with more samples than {@code analysis.max.samples} ({@link AnalysisSpec#maxSamples()}):
   * not read, so that the agent's buffers stay bounded (logged once).
   */
  BATCH_TOO_LARGE,
  /** A class index outside {@code [0, classes)}, or a one-hot row without a positive entry. */
  LABEL_OUT_OF_RANGE,
  /** The analysis itself failed unexpectedly (a bug in the agent; logged once). */
  ANALYSIS_FAILED,
  /** A batch observer threw (logged once). */
  OBSERVER_FAILED,
  /** Zero-sum repair ({@code mode=repair}) threw; the gradient may be partly repaired (logged once). */
  REPAIR_FAILED,
  /** Byte Buddy could not instrument a matched class (logged once). */
  INSTRUMENTATION_FAILED;

  private static final ProbeErrorReason[] VALUES = values();

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The metric label value, e.g. {@code length_mismatch}. */
  public String label() {
    return label;
  }

  /** All reasons, indexed by ordinal (a shared array; do not modify). */
  static ProbeErrorReason[] all() {
    return VALUES;
  }
}
