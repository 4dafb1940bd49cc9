package dev.nfiwatch.agent.probes;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.nfiwatch.agent.bridge.Bridge;
import dev.nfiwatch.agent.config.GenericProbeConfig;
import dev.nfiwatch.agent.config.ValueLocation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The user-configured probe: instruments one method of a hand-written trainer and, on exit, hands
 * the arguments or return value the configuration names as logits, labels and gradient to the
 * bridge, with the classifier weights and input features when configured. The configured positions
 * (argument, return value or field) are bound to the advice's {@link Logits}, {@link Labels},
 * {@link Gradient}, {@link Weights} and {@link Features} parameters with Byte Buddy's custom
 * mapping, so the inlined code reads exactly those values (no argument array is built); an
 * unconfigured one is the constant null.
 */
public final class GenericProbeInstrumentation {

  /** Marks the advice parameter bound to the configured logits. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Logits {}

  /** Marks the advice parameter bound to the configured labels. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Labels {}

  /** Marks the advice parameter bound to the configured gradient. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Gradient {}

  /** Marks the advice parameter bound to the configured classifier weights (or null). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Weights {}

  /** Marks the advice parameter bound to the configured classifier input features (or null). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Features {}

  private GenericProbeInstrumentation() {}

  /** Adds the generic probe's transformation to {@code builder}. */
  static AgentBuilder.Identified.Extendable register(AgentBuilder builder, GenericProbeConfig config) {
    Advice advice =
        Advice.withCustomMapping()
            .bind(Logits.class, mapping(config.logits()))
            .bind(Labels.class, mapping(config.labels()))
            .bind(Gradient.class, mapping(config.gradient()))
            .bind(Weights.class, mapping(config.weights()))
            .bind(Features.class, mapping(config.features()))
            .to(GenericAdvice.class);
    ElementMatcher.Junction<MethodDescription> methods =
        isMethod().and(named(config.methodName())).and(not(isAbstract()));
    if (!config.descriptor().isEmpty()) {
      methods = methods.and(hasDescriptor(config.descriptor()));
    } else {
      methods = methods.and(new TakesAtLeast(config.highestArgument() + 1));
    }
    boolean readsReturn = false;
    boolean readsField = false;
    for (ValueLocation location :
        new ValueLocation[] {
          config.logits(), config.labels(), config.gradient(), config.weights(), config.features()
        }) {
      readsReturn |= location != null && location.isReturn();
      readsField |= location != null && location.isField();
    }
    if (readsReturn) {
      methods = methods.and(not(returns(TypeDescription.ForLoadedType.of(void.class))));
    }
    if (readsField) {
      methods = methods.and(not(isStatic()));
    }
    ElementMatcher.Junction<MethodDescription> matched = methods;
    return builder
        .type(named(config.className()))
        .transform(
            (type, description, loader, module, domain) -> type.visit(advice.on(matched)));
  }

  private static Advice.OffsetMapping mapping(ValueLocation location) {
    TypeDescription.Generic object = TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class);
    if (location == null) {
      return new Advice.OffsetMapping.ForStackManipulation(
          NullConstant.INSTANCE, object, object, Assigner.Typing.STATIC);
    }
    if (location.isField()) {
      return new Advice.OffsetMapping.ForField.Unresolved.WithImplicitType(
          object, true, Assigner.Typing.DYNAMIC, location.fieldName());
    }
    if (location.isReturn()) {
      return new Advice.OffsetMapping.ForReturnValue(object, true, Assigner.Typing.DYNAMIC);
    }
    return new Advice.OffsetMapping.ForArgument.Unresolved(
        object, true, Assigner.Typing.DYNAMIC, location.argumentIndex());
  }

  /** Matches methods with at least {@code count} parameters. */
  private static final class TakesAtLeast
      extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final int count;

    TakesAtLeast(int count) {
      this.count = count;
    }

    @Override
    public boolean matches(MethodDescription target) {
      return target.getParameters().size() >= count;
    }
  }

  /** Hands the three configured values to the bridge after the method returns normally. */
  static final class GenericAdvice {
    private GenericAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This(optional = true) Object owner,
        @Logits Object logits,
        @Labels Object labels,
        @Gradient Object gradient,
        @Weights Object weights,
        @Features Object features) {
      Bridge.onBackward(
          Bridge.GENERIC_PROBE, owner, logits, labels, gradient, weights, features, null);
    }
  }
}
