package dev.nfiwatch.agent.probes.smile;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.nfiwatch.agent.bridge.FrameworkBridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Smile's network, {@code smile.model.mlp.MultilayerPerceptron}: {@code backpropagate(boolean
 * update)} ends each example (its last hidden layer's output is the classifier's input; with {@code
 * update} the example was an online step of its own), {@code update(int)} applies a mini-batch.
 */
public final class MultilayerPerceptronInstrumentation {

  /** The instrumented class. */
  public static final String TYPE = "smile.model.mlp.MultilayerPerceptron";

  private MultilayerPerceptronInstrumentation() {}

  /** Adds the transformation to {@code builder}. */
  public static AgentBuilder.Identified.Extendable register(AgentBuilder builder) {
    return builder
        .type(named(TYPE))
        .transform(
            (type, description, loader, module, domain) ->
                type.visit(
                        Advice.to(BackpropagateAdvice.class)
                            .on(named("backpropagate").and(takesArguments(boolean.class))))
                    .visit(
                        Advice.to(UpdateAdvice.class)
                            .on(named("update").and(takesArguments(int.class)))));
  }

  /** Hands the example's features over (and ends an online step). */
  static final class BackpropagateAdvice {
    private BackpropagateAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.Argument(0) boolean update,
        @Advice.FieldValue("net") Object net,
        @Advice.FieldValue("output") Object output) {
      FrameworkBridge.onEvent(
          update ? FrameworkBridge.SMILE_ONLINE_STEP : FrameworkBridge.SMILE_BACKPROPAGATED,
          null, net, output, null);
    }
  }

  /** Ends the mini-batch step before the weights change. */
  static final class UpdateAdvice {
    private UpdateAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue("output") Object output) {
      FrameworkBridge.onEvent(FrameworkBridge.SMILE_UPDATE, null, output, null, null);
    }
  }
}
