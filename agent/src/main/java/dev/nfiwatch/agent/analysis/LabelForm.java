package dev.nfiwatch.agent.analysis;

/** How a probe's labels are given: class indices ({@code int[]}/{@code long[]}) or one-hot rows. */
public enum LabelForm {
  /** One class index per sample, {@code int[]} or {@code long[]}. */
  INDICES,
  /** One-hot rows, {@code float[]}/{@code double[]} row-major or {@code float[][]}/{@code double[][]}. */
  ONEHOT
}
