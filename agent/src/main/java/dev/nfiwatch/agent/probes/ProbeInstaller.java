package dev.nfiwatch.agent.probes;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.nfiwatch.agent.config.GenericProbeConfig;
import dev.nfiwatch.agent.probes.dl4j.BaseOutputLayerInstrumentation;
import dev.nfiwatch.agent.probes.dl4j.LossMcxentInstrumentation;
import dev.nfiwatch.agent.probes.smile.MultilayerPerceptronInstrumentation;
import dev.nfiwatch.agent.probes.smile.OutputLayerInstrumentation;
import dev.nfiwatch.agent.probes.tribuo.LinearParametersInstrumentation;
import dev.nfiwatch.agent.probes.tribuo.LogMulticlassInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Builds the one Byte Buddy {@link AgentBuilder} of the agent: retransformation without class
 * format changes (so classes already loaded at dynamic attach are instrumented too), narrow name
 * matchers per probe, ignore rules for Byte Buddy and the agent itself, and a listener that logs each
 * failure once and counts it. At JVM start it is built only once a probed class loads. Every matcher
 * reads the class name only: anything more (modifiers, say) would make Byte Buddy parse each class
 * it is shown, on the loading thread. The framework probes therefore stay dormant, and cheap, until
 * their library is loaded.
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
   * @param probes the probe runtimes
   * @param genericConfig the generic probe's configuration (when the generic probe is installed)
   */
  public static void installAtStart(
      Instrumentation instrumentation, Probes probes, GenericProbeConfig genericConfig) {
    Map<String, ProbeModels> probeByType = probeByType(probes, genericConfig);
    instrumentation.addTransformer(
        new DeferredTransformer(
            probeByType.keySet(), () -> builder(probes, genericConfig, probeByType).makeRaw()));
  }

  /**
   * Installs the probes into a running JVM (dynamic attach), retransforming probed classes that are
   * already loaded.
   */
  public static ResettableClassFileTransformer installOnRunning(
      Instrumentation instrumentation, Probes probes, GenericProbeConfig genericConfig) {
    return builder(probes, genericConfig, probeByType(probes, genericConfig))
        .installOn(instrumentation);
  }

  /** The runtime of the probe each instrumented class belongs to. */
  private static Map<String, ProbeModels> probeByType(
      Probes probes, GenericProbeConfig genericConfig) {
    Map<String, ProbeModels> probeByType = new HashMap<>();
    if (probes.demo() != null) {
      probeByType.put(DemoProbeInstrumentation.TYPE, probes.demo());
    }
    if (probes.generic() != null) {
      probeByType.put(genericConfig.className(), probes.generic());
    }
    if (probes.tribuo() != null) {
      probeByType.put(LogMulticlassInstrumentation.TYPE, probes.tribuo());
      probeByType.put(LinearParametersInstrumentation.TYPE, probes.tribuo());
    }
    if (probes.dl4j() != null) {
      probeByType.put(LossMcxentInstrumentation.TYPE, probes.dl4j());
      probeByType.put(BaseOutputLayerInstrumentation.TYPE, probes.dl4j());
    }
    if (probes.smile() != null) {
      probeByType.put(OutputLayerInstrumentation.TYPE, probes.smile());
      probeByType.put(MultilayerPerceptronInstrumentation.TYPE, probes.smile());
    }
    return probeByType;
  }

  private static AgentBuilder builder(
      Probes probes, GenericProbeConfig genericConfig, Map<String, ProbeModels> probeByType) {
    if (System.getProperty(NEXUS_DISABLED) == null) {
      System.setProperty(NEXUS_DISABLED, "true");
    }
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(new InstrumentationListener(probeByType))
            .ignore(
                nameStartsWith("net.bytebuddy.")
                    .or(nameStartsWith("dev.nfiwatch.agent."))
                    .or(nameStartsWith("java."))
                    .or(nameStartsWith("jdk."))
                    .or(nameStartsWith("sun.")));
    if (probes.demo() != null) {
      builder = DemoProbeInstrumentation.register(builder);
    }
    if (probes.generic() != null) {
      builder = GenericProbeInstrumentation.register(builder, genericConfig);
    }
    if (probes.tribuo() != null) {
      builder = LogMulticlassInstrumentation.register(builder);
      builder = LinearParametersInstrumentation.register(builder);
    }
    if (probes.dl4j() != null) {
      builder = LossMcxentInstrumentation.register(builder);
      builder = BaseOutputLayerInstrumentation.register(builder);
    }
    if (probes.smile() != null) {
      builder = OutputLayerInstrumentation.register(builder);
      builder = MultilayerPerceptronInstrumentation.register(builder);
    }
    return builder;
  }
}
