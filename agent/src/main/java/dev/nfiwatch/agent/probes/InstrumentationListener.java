package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import dev.nfiwatch.agent.config.GenericProbeConfig;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Tells the user which classes a probe instrumented (one line each) and, for a failure, logs it once
 * and counts it as {@code instrumentation_failed} on the probe it belongs to.
 */
final class InstrumentationListener extends AgentBuilder.Listener.Adapter {

  private final ProbeRuntime demo;
  private final ProbeRuntime generic;
  private final String genericClass;

  InstrumentationListener(ProbeRuntime demo, ProbeRuntime generic, GenericProbeConfig genericConfig) {
    this.demo = demo;
    this.generic = generic;
    this.genericClass = genericConfig == null ? null : genericConfig.className();
  }

  @Override
  public void onTransformation(
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      boolean loaded,
      DynamicType dynamicType) {
    AgentLog.info(
        "instrumented " + type.getName() + " (" + probeOf(type.getName()) + " probe"
            + (loaded ? ", retransformed" : "") + ")");
  }

  @Override
  public void onError(
      String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    ProbeRuntime runtime = runtimeOf(typeName);
    if (runtime != null) {
      runtime.countError(ProbeErrorReason.INSTRUMENTATION_FAILED);
    }
    AgentLog.once(
        "instrument-" + typeName,
        "cannot instrument " + typeName + " (" + probeOf(typeName) + " probe): " + error
            + "; training goes on without this probe");
  }

  private String probeOf(String typeName) {
    return typeName.equals(genericClass) ? "generic" : "demo";
  }

  private ProbeRuntime runtimeOf(String typeName) {
    return typeName.equals(genericClass) ? generic : demo;
  }
}
