package dev.nfiwatch.agent.probes.dl4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.nfiwatch.agent.bridge.FrameworkBridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Deeplearning4j's softmax cross-entropy, {@code org.nd4j.linalg.lossfunctions.impl.LossMCXENT
 * #computeGradient(labels, preOutput, activation, mask)}, one call per mini-batch. Only this exact
 * class is instrumented: {@code LossNegativeLogLikelihood} inherits the method and {@code
 * LossSparseMCXENT} calls it with one-hot labels, so each step is seen exactly once. Masked batches
 * and class-weighted losses are not handed over (their gradient is not {@code softmax − labels}).
 */
public final class LossMcxentInstrumentation {

  /** The instrumented class. */
  public static final String TYPE = "org.nd4j.linalg.lossfunctions.impl.LossMCXENT";

  private LossMcxentInstrumentation() {}

  /** Adds the transformation to {@code builder}. */
  public static AgentBuilder.Identified.Extendable register(AgentBuilder builder) {
    return builder
        .type(named(TYPE))
        .transform(
            (type, description, loader, module, domain) ->
                type.visit(
                    Advice.to(ComputeGradientAdvice.class)
                        .on(named("computeGradient").and(takesArguments(4)))));
  }

  /** Hands the labels, logits and returned gradient over while they are still valid. */
  static final class ComputeGradientAdvice {
    private ComputeGradientAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.Argument(0) Object labels,
        @Advice.Argument(1) Object preOutput,
        @Advice.Argument(2) Object activation,
        @Advice.Argument(3) Object mask,
        @Advice.FieldValue("weights") Object classWeights,
        @Advice.Return Object gradient) {
      if (mask == null && classWeights == null) {
        FrameworkBridge.onEvent(
            FrameworkBridge.DL4J_GRADIENT, activation, labels, preOutput, gradient);
      }
    }
  }
}
