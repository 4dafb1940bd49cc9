package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.bridge.Bridge;
import dev.nfiwatch.agent.config.AgentConfig;
import dev.nfiwatch.agent.web.HistoryRecorder;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe runtimes the configuration asks for, each with its observers, and their connection to
 * the bootstrap bridge. The one place where a probe's observers are chosen.
 */
public final class Probes {

  private final ProbeRuntime demo;
  private final ProbeRuntime generic;

  private Probes(ProbeRuntime demo, ProbeRuntime generic) {
    this.demo = demo;
    this.generic = generic;
  }

  /** Creates the runtimes of the configured probes. */
  public static Probes create(AgentConfig config) {
    ProbeRuntime demo = null;
    ProbeRuntime generic = null;
    if (config.probes().contains(AgentConfig.Probe.DEMO)) {
      demo = new ProbeRuntime("demo", AnalysisSpec.DEMO, observers(config, "demo"));
    }
    if (config.probes().contains(AgentConfig.Probe.GENERIC)) {
      generic = new ProbeRuntime("generic", config.generic().spec(), observers(config, "generic"));
    }
    return new Probes(demo, generic);
  }

  /** The observers each probe tells about its batches. */
  private static List<BatchObserver> observers(AgentConfig config, String probe) {
    List<BatchObserver> observers = new ArrayList<>();
    observers.add(new HistoryRecorder(probe, config.mode().label(), null));
    return observers;
  }

  /** Routes the bridge to these runtimes; call only after the bridge is on the bootstrap path. */
  public void connectBridge() {
    ProbeRuntime[] byId = new ProbeRuntime[2];
    byId[Bridge.DEMO_PROBE] = demo;
    byId[Bridge.GENERIC_PROBE] = generic;
    Bridge.install(new ProbeDispatcher(byId));
  }

  /** The demo probe's runtime, or null. */
  public ProbeRuntime demo() {
    return demo;
  }

  /** The generic probe's runtime, or null. */
  public ProbeRuntime generic() {
    return generic;
  }

  /** Every installed probe's runtime. */
  public List<ProbeRuntime> all() {
    List<ProbeRuntime> all = new ArrayList<>();
    if (demo != null) {
      all.add(demo);
    }
    if (generic != null) {
      all.add(generic);
    }
    return List.copyOf(all);
  }
}
