package dev.nfiwatch.agent.bridge;

/**
 * Receives what the inlined advice hands over. Lives in the bootstrap class loader together with
 * {@link Bridge}, so it may reference JDK types only; the agent implements it.
 */
public interface BridgeSink {

  /**
   * One observed softmax cross-entropy backward call.
   *
   * @param probe the probe's id ({@link Bridge#DEMO_PROBE} or {@link Bridge#GENERIC_PROBE})
   * @param owner the object whose method was called (it tells models apart), or null for a static
   *     method
   * @param logits the logits array
   * @param labels the labels array
   * @param gradient the gradient on the logits, as written by the call
   * @param classifierWeights the classifier weights, or null
   * @param classifierInput the classifier's input features, or null
   * @param format the number format name reported by the trainer, or null
   */
  void onBackward(
      int probe,
      Object owner,
      Object logits,
      Object labels,
      Object gradient,
      Object classifierWeights,
      Object classifierInput,
      String format);
}
