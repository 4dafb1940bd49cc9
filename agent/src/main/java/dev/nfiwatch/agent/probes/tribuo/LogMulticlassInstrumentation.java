package dev.nfiwatch.agent.probes.tribuo;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.nfiwatch.agent.bridge.FrameworkBridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Tribuo's softmax cross-entropy, {@code org.tribuo.classification.sgd.objectives.LogMulticlass
 * #lossAndGradient(Integer truth, SGDVector prediction)}: reads the logits on entry (the method
 * overwrites them) and the gradient {@code onehot − p} on exit.
 */
public final class LogMulticlassInstrumentation {

  /** The instrumented class. */
  public static final String TYPE = "org.tribuo.classification.sgd.objectives.LogMulticlass";

  private LogMulticlassInstrumentation() {}

  /** Adds the transformation to {@code builder}. */
  public static AgentBuilder.Identified.Extendable register(AgentBuilder builder) {
    return builder
        .type(named(TYPE))
        .transform(
            (type, description, loader, module, domain) ->
                type.visit(
                    Advice.to(LossAndGradientAdvice.class)
                        .on(
                            named("lossAndGradient")
                                .and(takesArguments(2))
                                .and(takesArgument(0, Integer.class)))));
  }

  /** Hands the logits over before the call and the gradient after it. */
  static final class LossAndGradientAdvice {
    private LossAndGradientAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object truth, @Advice.Argument(1) Object prediction) {
      FrameworkBridge.onEvent(FrameworkBridge.TRIBUO_LOGITS, null, truth, prediction, null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Argument(1) Object prediction) {
      FrameworkBridge.onEvent(FrameworkBridge.TRIBUO_GRADIENT, null, null, prediction, null);
    }
  }
}
