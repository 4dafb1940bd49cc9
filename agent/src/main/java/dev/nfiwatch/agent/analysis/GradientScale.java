package dev.nfiwatch.agent.analysis;

/** Whether the observed gradient is per sample or already divided by the batch size. */
public enum GradientScale {
  /** Each row is {@code ±(p − y)} of its sample. */
  SAMPLE,
  /** Each row is {@code ±(p − y) / batch} (the gradient of the batch-mean loss). */
  BATCH
}
