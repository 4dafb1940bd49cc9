package dev.nfiwatch.agent.analysis;

/**
 * Something that wants every analysed batch of a probe, e.g. the NFI detectors or the live page.
 * Called on the training thread right after the analysis, inside the backward call: keep it short,
 * allocation-free, and copy whatever must outlive the call.
 */
public interface BatchObserver {

  /**
   * @param stats the batch just analysed (refilled on the next call)
   * @param classifierWeights the classifier's weights (classes × features, row-major {@code
   *     float[]}/{@code double[]}), or null when the probe cannot reach them
   * @param classifierInput the features entering the classifier (batch × features, row-major), or
   *     null when the probe cannot reach them
   */
  void onBatch(BatchStats stats, Object classifierWeights, Object classifierInput);
}
