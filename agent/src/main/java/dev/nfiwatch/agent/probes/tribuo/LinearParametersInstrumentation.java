package dev.nfiwatch.agent.probes.tribuo;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.nfiwatch.agent.bridge.FrameworkBridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Tribuo's linear model parameters, {@code org.tribuo.math.LinearParameters}: {@code gradients(Pair,
 * SGDVector features)} runs once per example with the features entering the classifier, {@code
 * update(Tensor[])} once per mini-batch, before the weights change (the step's boundary).
 */
public final class LinearParametersInstrumentation {

  /** The instrumented class. */
  public static final String TYPE = "org.tribuo.math.LinearParameters";

  private LinearParametersInstrumentation() {}

  /** Adds the transformation to {@code builder}. */
  public static AgentBuilder.Identified.Extendable register(AgentBuilder builder) {
    return builder
        .type(named(TYPE))
        .transform(
            (type, description, loader, module, domain) ->
                type.visit(
                        Advice.to(GradientsAdvice.class)
                            .on(named("gradients").and(takesArguments(2))))
                    .visit(Advice.to(UpdateAdvice.class).on(named("update").and(takesArguments(1)))));
  }

  /** Hands over the example's features. */
  static final class GradientsAdvice {
    private GradientsAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(1) Object features) {
      FrameworkBridge.onEvent(FrameworkBridge.TRIBUO_FEATURES, null, features, null, null);
    }
  }

  /** Ends the step before the weights change. */
  static final class UpdateAdvice {
    private UpdateAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object parameters) {
      FrameworkBridge.onEvent(FrameworkBridge.TRIBUO_UPDATE, parameters, null, null, null);
    }
  }
}
