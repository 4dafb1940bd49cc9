package dev.nfiwatch.agent.probes.smile;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.nfiwatch.agent.bridge.FrameworkBridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Smile's output layer, {@code smile.model.mlp.OutputLayer}: {@code transform(Vector)} turns the
 * logits into probabilities in place (read on entry), {@code computeOutputGradient(Vector target,
 * double weight)} writes the example's {@code target − softmax} into the layer's gradient.
 */
public final class OutputLayerInstrumentation {

  /** The instrumented class. */
  public static final String TYPE = "smile.model.mlp.OutputLayer";

  private OutputLayerInstrumentation() {}

  /** Adds the transformation to {@code builder}. */
  public static AgentBuilder.Identified.Extendable register(AgentBuilder builder) {
    return builder
        .type(named(TYPE))
        .transform(
            (type, description, loader, module, domain) ->
                type.visit(
                        Advice.to(TransformAdvice.class)
                            .on(named("transform").and(takesArguments(1))))
                    .visit(
                        Advice.to(OutputGradientAdvice.class)
                            .on(named("computeOutputGradient").and(takesArguments(2)))));
  }

  /** Hands the logits over before the softmax overwrites them. */
  static final class TransformAdvice {
    private TransformAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object layer, @Advice.Argument(0) Object logits) {
      FrameworkBridge.onEvent(FrameworkBridge.SMILE_LOGITS, layer, logits, null, null);
    }
  }

  /** Hands the target over once the gradient is written. */
  static final class OutputGradientAdvice {
    private OutputGradientAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object layer, @Advice.Argument(0) Object target) {
      FrameworkBridge.onEvent(FrameworkBridge.SMILE_GRADIENT, layer, target, null, null);
    }
  }
}
