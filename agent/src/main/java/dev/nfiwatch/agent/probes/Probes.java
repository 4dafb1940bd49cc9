package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.analysis.GradientScale;
import dev.nfiwatch.agent.analysis.GradientSign;
import dev.nfiwatch.agent.analysis.LabelForm;
import dev.nfiwatch.agent.bridge.Bridge;
import dev.nfiwatch.agent.bridge.FrameworkBridge;
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
 * the bootstrap bridges. The one place where a probe's observers are chosen.
 */
public final class Probes {

  /**
   * How the framework probes hand their steps over: class indices, per-sample gradients, classes
   * derived from the arrays, the format named per step. Tribuo and Smile report {@code onehot − p}.
   */
  private static final AnalysisSpec P_MINUS_Y =
      new AnalysisSpec(0, LabelForm.INDICES, GradientSign.P_MINUS_Y, GradientScale.SAMPLE, null);

  private static final AnalysisSpec Y_MINUS_P =
      new AnalysisSpec(0, LabelForm.INDICES, GradientSign.Y_MINUS_P, GradientScale.SAMPLE, null);

  private final ProbeRuntime demo;
  private final ProbeRuntime generic;
  private final ProbeRuntime tribuo;
  private final ProbeRuntime dl4j;
  private final ProbeRuntime smile;

  private Probes(
      ProbeRuntime demo,
      ProbeRuntime generic,
      ProbeRuntime tribuo,
      ProbeRuntime dl4j,
      ProbeRuntime smile) {
    this.demo = demo;
    this.generic = generic;
    this.tribuo = tribuo;
    this.dl4j = dl4j;
    this.smile = smile;
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
    return new Probes(
        demo,
        generic,
        framework(config, AgentConfig.Probe.TRIBUO, Y_MINUS_P),
        framework(config, AgentConfig.Probe.DL4J, P_MINUS_Y),
        framework(config, AgentConfig.Probe.SMILE, Y_MINUS_P));
  }

  /**
   * A framework probe's runtime with the NFI detectors. The probes hand over the classifier weights
   * as classes × features. They read copies of the library's arrays, so they observe only: repair
   * mode does not rewrite a library's gradient.
   */
  private static ProbeRuntime framework(
      AgentConfig config, AgentConfig.Probe probe, AnalysisSpec spec) {
    if (!config.probes().contains(probe)) {
      return null;
    }
    NfiObserver nfi =
        new NfiObserver(probe.label(), config.nfi(), WeightOrientation.CLASSES_BY_FEATURES);
    return new ProbeRuntime(
        probe.label(), spec, List.of(nfi), null, config.analysisInBackground());
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
    return new ProbeRuntime(name, spec, observers, repair, config.analysisInBackground());
  }

  /** Routes the bridges to these runtimes; call only after the bridges are on the bootstrap path. */
  public void connectBridge() {
    ProbeRuntime[] byId = new ProbeRuntime[2];
    byId[Bridge.DEMO_PROBE] = demo;
    byId[Bridge.GENERIC_PROBE] = generic;
    Bridge.install(new ProbeDispatcher(byId));
    FrameworkBridge.install(new FrameworkDispatcher(tribuo, dl4j, smile));
  }

  /** The demo probe's runtime, or null. */
  public ProbeRuntime demo() {
    return demo;
  }

  /** The generic probe's runtime, or null. */
  public ProbeRuntime generic() {
    return generic;
  }

  /** The Tribuo probe's runtime, or null. */
  public ProbeRuntime tribuo() {
    return tribuo;
  }

  /** The Deeplearning4j probe's runtime, or null. */
  public ProbeRuntime dl4j() {
    return dl4j;
  }

  /** The Smile probe's runtime, or null. */
  public ProbeRuntime smile() {
    return smile;
  }

  /** Every installed probe's runtime. */
  public List<ProbeRuntime> all() {
    List<ProbeRuntime> all = new ArrayList<>();
    for (ProbeRuntime runtime : new ProbeRuntime[] {demo, generic, tribuo, dl4j, smile}) {
      if (runtime != null) {
        all.add(runtime);
      }
    }
    return List.copyOf(all);
  }
}
