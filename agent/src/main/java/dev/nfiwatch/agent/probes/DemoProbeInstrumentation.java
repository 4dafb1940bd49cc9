package dev.nfiwatch.agent.probes;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.nfiwatch.agent.bridge.Bridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * The built-in probe of the demo trainer's {@code dev.nfiwatch.demo.loss.SoftmaxCrossEntropy}: after
 * each of its two {@code backward} overloads returns, hands the logits, labels, gradient and the
 * {@code classifierWeights}, {@code classifierInput} and {@code format} fields to the bridge.
 */
public final class DemoProbeInstrumentation {

  /** The instrumented class (the demo trainer's stable contract). */
  public static final String TYPE = "dev.nfiwatch.demo.loss.SoftmaxCrossEntropy";

  private DemoProbeInstrumentation() {}

  /** Adds the demo probe's transformation to {@code builder}. */
  static AgentBuilder.Identified.Extendable register(AgentBuilder builder) {
    return builder
        .type(named(TYPE))
        .transform(
            (type, description, loader, module, domain) ->
                type.visit(
                        Advice.to(FloatBackwardAdvice.class)
                            .on(
                                named("backward")
                                    .and(takesArguments(float[].class, int[].class, float[].class))))
                    .visit(
                        Advice.to(DoubleBackwardAdvice.class)
                            .on(
                                named("backward")
                                    .and(
                                        takesArguments(
                                            double[].class, int[].class, double[].class)))));
  }

  /** {@code backward(float[] logits, int[] labels, float[] gradLogits)}: fp32 and bf16 runs. */
  static final class FloatBackwardAdvice {
    private FloatBackwardAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object owner,
        @Advice.Argument(0) float[] logits,
        @Advice.Argument(1) int[] labels,
        @Advice.Argument(2) float[] gradLogits,
        @Advice.FieldValue("classifierWeights") Object weights,
        @Advice.FieldValue("classifierInput") Object input,
        @Advice.FieldValue("format") String format) {
      Bridge.onBackward(
          Bridge.DEMO_PROBE, owner, logits, labels, gradLogits, weights, input, format);
    }
  }

  /** {@code backward(double[] logits, int[] labels, double[] gradLogits)}: fp64 runs. */
  static final class DoubleBackwardAdvice {
    private DoubleBackwardAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object owner,
        @Advice.Argument(0) double[] logits,
        @Advice.Argument(1) int[] labels,
        @Advice.Argument(2) double[] gradLogits,
        @Advice.FieldValue("classifierWeights") Object weights,
        @Advice.FieldValue("classifierInput") Object input,
        @Advice.FieldValue("format") String format) {
      Bridge.onBackward(
          Bridge.DEMO_PROBE, owner, logits, labels, gradLogits, weights, input, format);
    }
  }
}
