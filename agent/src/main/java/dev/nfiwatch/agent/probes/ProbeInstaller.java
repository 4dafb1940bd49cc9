package dev.nfiwatch.agent.probes;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.nfiwatch.agent.config.GenericProbeConfig;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Builds the one Byte Buddy {@link AgentBuilder} of the agent: retransformation without class
 * format changes (so classes already loaded at dynamic attach are instrumented too), narrow name
 * matchers per probe, ignore rules for Byte Buddy and the agent itself, and a listener that logs each
 * failure once and counts it.
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
   * Installs the probes whose runtimes are given.
   *
   * @param instrumentation the JVM's instrumentation
   * @param demo the demo probe's runtime, or null when it is not installed
   * @param generic the generic probe's runtime, or null
   * @param genericConfig the generic probe's configuration (when {@code generic} is not null)
   */
  public static ResettableClassFileTransformer install(
      Instrumentation instrumentation,
      ProbeRuntime demo,
      ProbeRuntime generic,
      GenericProbeConfig genericConfig) {
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
    return builder.installOn(instrumentation);
  }
}
