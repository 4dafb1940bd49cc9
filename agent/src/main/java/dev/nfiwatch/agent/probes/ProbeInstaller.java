package dev.nfiwatch.agent.probes;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.nfiwatch.agent.config.GenericProbeConfig;
import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Builds the one Byte Buddy {@link AgentBuilder} of the agent: retransformation without class
 * format changes (so classes already loaded at dynamic attach are instrumented too), narrow name
 * matchers per probe, ignore rules for Byte Buddy and the agent itself, and a listener that logs each
 * failure once and counts it. At JVM start it is built only once a probed class loads.
 */
public final class ProbeInstaller {

  /**
   * Byte Buddy's switch for its "nexus" (self-initialisation through {@code sun.misc.Unsafe}, which
   * JDK 24+ warns about). The probes need no type initializers, so it is off. Shading relocates the
   * name along with Byte Buddy, so this only affects the agent's own copy.
   */
  private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

  private ProbeInstaller() {}

  /**
   * Installs the probes at JVM start: a {@link DeferredTransformer} that builds the Byte Buddy
   * transformer when the first probed class loads (nothing is loaded yet, so nothing needs
   * retransforming).
   *
   * @param instrumentation the JVM's instrumentation
   * @param demo the demo probe's runtime, or null when it is not installed
   * @param generic the generic probe's runtime, or null
   * @param genericConfig the generic probe's configuration (when {@code generic} is not null)
   */
  public static void installAtStart(
      Instrumentation instrumentation,
      ProbeRuntime demo,
      ProbeRuntime generic,
      GenericProbeConfig genericConfig) {
    Set<String> classes = new HashSet<>();
    if (demo != null) {
      classes.add(DemoProbeInstrumentation.TYPE);
    }
    if (generic != null) {
      classes.add(genericConfig.className());
    }
    instrumentation.addTransformer(
        new DeferredTransformer(classes, () -> builder(demo, generic, genericConfig).makeRaw()));
  }

  /**
   * Installs the probes into a running JVM (dynamic attach), retransforming probed classes that are
   * already loaded.
   */
  public static ResettableClassFileTransformer installOnRunning(
      Instrumentation instrumentation,
      ProbeRuntime demo,
      ProbeRuntime generic,
      GenericProbeConfig genericConfig) {
    return builder(demo, generic, genericConfig).installOn(instrumentation);
  }

  private static AgentBuilder builder(
      ProbeRuntime demo, ProbeRuntime generic, GenericProbeConfig genericConfig) {
    if (System.getProperty(NEXUS_DISABLED) == null) {
      System.setProperty(NEXUS_DISABLED, "true");
    }
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(new InstrumentationListener(demo, generic, genericConfig))
            .ignore(
                nameStartsWith("net.bytebuddy.")
                    .or(nameStartsWith("dev.nfiwatch.agent."))
                    .or(nameStartsWith("java."))
                    .or(nameStartsWith("jdk."))
                    .or(nameStartsWith("sun."))
                    .or(isSynthetic()));
    if (demo != null) {
      builder = DemoProbeInstrumentation.register(builder);
    }
    if (generic != null) {
      builder = GenericProbeInstrumentation.register(builder, genericConfig);
    }
    return builder;
  }
}
