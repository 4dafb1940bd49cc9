package dev.nfiwatch.agent.probes.dl4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.nfiwatch.agent.bridge.FrameworkBridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Deeplearning4j's output layers, {@code org.deeplearning4j.nn.layers.BaseOutputLayer
 * #backpropGradient(epsilon, workspaceMgr)}: the loss gradient computed during this call belongs to
 * this layer, whose {@code W} and input are the classifier weights and features.
 */
public final class BaseOutputLayerInstrumentation {

  /** The instrumented class. */
  public static final String TYPE = "org.deeplearning4j.nn.layers.BaseOutputLayer";

  private BaseOutputLayerInstrumentation() {}

  /** Adds the transformation to {@code builder}. */
  public static AgentBuilder.Identified.Extendable register(AgentBuilder builder) {
    return builder
        .type(named(TYPE))
        .transform(
            (type, description, loader, module, domain) ->
                type.visit(
                    Advice.to(BackpropAdvice.class)
                        .on(named("backpropGradient").and(takesArguments(2)))));
  }

  /** Brackets the output layer's backpropagation. */
  static final class BackpropAdvice {
    private BackpropAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object layer) {
      FrameworkBridge.onEvent(FrameworkBridge.DL4J_LAYER_ENTER, layer, null, null, null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit() {
      FrameworkBridge.onEvent(FrameworkBridge.DL4J_LAYER_EXIT, null, null, null, null);
    }
  }
}
