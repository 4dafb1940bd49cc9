package dev.nfiwatch.agent.bridge;

/**
 * The one class the framework probes' inlined advice calls (Deeplearning4j, Tribuo, Smile). Like
 * {@link Bridge} it is injected into the bootstrap class loader so that advice inlined into a
 * library class of any loader resolves it; it references JDK types only and forwards each event to
 * the agent's {@link FrameworkSink}. The library objects travel as {@code Object}: the agent never
 * links against the libraries.
 */
public final class FrameworkBridge {

  /** Tribuo {@code LogMulticlass.lossAndGradient} entry: first = truth {@code Integer}, second = logits vector. */
  public static final int TRIBUO_LOGITS = 0;

  /** Tribuo {@code LogMulticlass.lossAndGradient} exit: second = the same vector, now {@code onehot − p}. */
  public static final int TRIBUO_GRADIENT = 1;

  /** Tribuo {@code LinearParameters.gradients} entry: first = the example's feature vector. */
  public static final int TRIBUO_FEATURES = 2;

  /** Tribuo {@code LinearParameters.update} entry (the step's boundary): subject = the parameters. */
  public static final int TRIBUO_UPDATE = 3;

  /** DL4J {@code BaseOutputLayer.backpropGradient} entry: subject = the output layer. */
  public static final int DL4J_LAYER_ENTER = 4;

  /** DL4J {@code BaseOutputLayer.backpropGradient} exit (also on exceptions). */
  public static final int DL4J_LAYER_EXIT = 5;

  /**
   * DL4J {@code LossMCXENT.computeGradient} exit, unmasked and without class weights: subject = the
   * activation, first = the labels, second = the logits ({@code preOutput}), third = the returned
   * gradient.
   */
  public static final int DL4J_GRADIENT = 6;

  /** Smile {@code OutputLayer.transform} entry: subject = the layer, first = the logits vector. */
  public static final int SMILE_LOGITS = 7;

  /** Smile {@code OutputLayer.computeOutputGradient} exit: subject = the layer, first = the target. */
  public static final int SMILE_GRADIENT = 8;

  /**
   * Smile {@code MultilayerPerceptron.backpropagate(false)} exit: first = the network's {@code net}
   * layers (the last one's output is the output layer's input).
   */
  public static final int SMILE_BACKPROPAGATED = 9;

  /**
   * Smile {@code MultilayerPerceptron.backpropagate(true)} exit (online learning: the example was
   * a step of its own): first = the {@code net} layers, second = the output layer.
   */
  public static final int SMILE_ONLINE_STEP = 10;

  /** Smile {@code MultilayerPerceptron.update(int)} entry (the step's boundary): first = the output layer. */
  public static final int SMILE_UPDATE = 11;

  private static volatile FrameworkSink sink;

  private FrameworkBridge() {}

  /** Connects the agent; called once at start (a later call replaces the sink). */
  public static void install(FrameworkSink newSink) {
    sink = newSink;
  }

  /**
   * The sink installed now, or null. For tools that wrap the agent's sink, such as the framework
   * overhead harness (which installs a wrapper that forwards to it).
   */
  public static FrameworkSink installedSink() {
    return sink;
  }

  /** Forwards one event to the agent, if one is installed. */
  public static void onEvent(int event, Object subject, Object first, Object second, Object third) {
    FrameworkSink current = sink;
    if (current != null) {
      current.onEvent(event, subject, first, second, third);
    }
  }
}
