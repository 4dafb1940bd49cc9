package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.bridge.BridgeSink;

/** Routes calls arriving through the bootstrap bridge to the runtime of the probe that saw them. */
public final class ProbeDispatcher implements BridgeSink {

  private final ProbeRuntime[] byId;

  /** @param byId the runtime of each probe id ({@code Bridge.*_PROBE}); null for probes not installed */
  public ProbeDispatcher(ProbeRuntime[] byId) {
    this.byId = byId.clone();
  }

  @Override
  public void onBackward(
      int probe,
      Object logits,
      Object labels,
      Object gradient,
      Object classifierWeights,
      Object classifierInput,
      String format) {
    if (probe >= 0 && probe < byId.length) {
      ProbeRuntime runtime = byId[probe];
      if (runtime != null) {
        runtime.onCall(logits, labels, gradient, classifierWeights, classifierInput, format);
      }
    }
  }
}
