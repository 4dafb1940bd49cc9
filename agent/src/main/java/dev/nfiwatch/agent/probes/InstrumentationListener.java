package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.AgentState;
import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Tells the user which classes a probe instrumented (one line each) and, for a failure, logs it once
 * and counts it as {@code instrumentation_failed} on the probe it belongs to.
 */
final class InstrumentationListener extends AgentBuilder.Listener.Adapter {

  private final Map<String, ProbeModels> probeByType;

  /** @param probeByType the runtime of the probe each instrumented class name belongs to */
  InstrumentationListener(Map<String, ProbeModels> probeByType) {
    this.probeByType = Map.copyOf(probeByType);
  }

  @Override
  public void onTransformation(
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      boolean loaded,
      DynamicType dynamicType) {
    AgentState.instrumented(probeOf(type.getName()), type.getName());
    AgentLog.info(
        "instrumented " + type.getName() + " (" + probeOf(type.getName()) + " probe"
            + (loaded ? ", retransformed" : "") + ")");
  }

  @Override
  public void onError(
      String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    ProbeModels runtime = probeByType.get(typeName);
    if (runtime != null) {
      runtime.countError(ProbeErrorReason.INSTRUMENTATION_FAILED);
    }
    AgentLog.once(
        "instrument-" + typeName,
        "cannot instrument " + typeName + " (" + probeOf(typeName) + " probe): " + error
            + "; training goes on without this probe");
  }

  private String probeOf(String typeName) {
    ProbeModels runtime = probeByType.get(typeName);
    return runtime == null ? "unknown" : runtime.probe();
  }
}
