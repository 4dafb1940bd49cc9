package dev.nfiwatch.agent.bridge;

/**
 * The one class inlined advice calls. It is injected into the bootstrap class loader (with {@link
 * BridgeSink}) so that advice inlined into a class of any loader, even a child {@code
 * URLClassLoader} that cannot see the agent jar, resolves it; it forwards to the agent's sink.
 * References JDK types only.
 */
public final class Bridge {

  /** The built-in probe of the demo trainer's {@code SoftmaxCrossEntropy.backward}. */
  public static final int DEMO_PROBE = 0;

  /** The user-configured generic probe. */
  public static final int GENERIC_PROBE = 1;

  private static volatile BridgeSink sink;

  private Bridge() {}

  /** Connects the agent; called once at start (a later call replaces the sink). */
  public static void install(BridgeSink newSink) {
    sink = newSink;
  }

  /**
   * The sink installed now, or null. For tools that wrap the agent's sink, such as the in-JVM
   * overhead harness (which installs a wrapper that forwards to it).
   */
  public static BridgeSink installedSink() {
    return sink;
  }

  /** Forwards one backward call to the agent, if one is installed. Never throws on its own. */
  public static void onBackward(
      int probe,
      Object owner,
      Object logits,
      Object labels,
      Object gradient,
      Object classifierWeights,
      Object classifierInput,
      String format) {
    BridgeSink current = sink;
    if (current != null) {
      current.onBackward(
          probe, owner, logits, labels, gradient, classifierWeights, classifierInput, format);
    }
  }
}
