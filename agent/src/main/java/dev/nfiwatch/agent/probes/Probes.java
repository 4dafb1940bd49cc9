package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.bridge.Bridge;
import dev.nfiwatch.agent.config.AgentConfig;
import dev.nfiwatch.agent.config.Mode;
import dev.nfiwatch.agent.nfi.GradientRepair;
import dev.nfiwatch.agent.nfi.NfiObserver;
import dev.nfiwatch.agent.nfi.WeightOrientation;
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
      demo = runtime("demo", AnalysisSpec.DEMO, WeightOrientation.CLASSES_BY_FEATURES, config);
    }
    if (config.probes().contains(AgentConfig.Probe.GENERIC)) {
      generic =
          runtime("generic", config.generic().spec(), config.generic().weightsLayout(), config);
    }
    return new Probes(demo, generic);
  }

  /**
   * A probe's runtime with its observers: the NFI detectors, then the live page's history (which
   * reads what the detectors just computed), and in repair mode the zero-sum repair that runs after
   * them.
   */
  private static ProbeRuntime runtime(
      String name, AnalysisSpec spec, WeightOrientation orientation, AgentConfig config) {
    NfiObserver nfi = new NfiObserver(name, config.nfi(), orientation);
    List<BatchObserver> observers = new ArrayList<>();
    observers.add(nfi);
    observers.add(new HistoryRecorder(name, config.mode().label(), nfi.monitor()));
    GradientRepair repair =
        config.mode() == Mode.REPAIR ? new GradientRepair(nfi.monitor()) : null;
    return new ProbeRuntime(name, spec, observers, repair);
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
