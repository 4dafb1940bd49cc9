package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.bridge.BridgeSink;

/**
 * Routes calls arriving through the bootstrap bridge to the runtime of the probe and model that saw
 * them.
 */
public final class ProbeDispatcher implements BridgeSink {

  private final ProbeModels[] byId;

  /** @param byId the models of each probe id ({@code Bridge.*_PROBE}); null for probes not installed */
  public ProbeDispatcher(ProbeModels[] byId) {
    this.byId = byId.clone();
  }

  @Override
  public void onBackward(
      int probe,
      Object owner,
      Object logits,
      Object labels,
      Object gradient,
      Object classifierWeights,
      Object classifierInput,
      String format) {
    if (probe >= 0 && probe < byId.length) {
      ProbeModels models = byId[probe];
      if (models != null) {
        models
            .forOwner(owner)
            .onCall(logits, labels, gradient, classifierWeights, classifierInput, format);
      }
    }
  }
}
