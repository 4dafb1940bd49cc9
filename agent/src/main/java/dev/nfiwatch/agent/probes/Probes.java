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
 * The probes the configuration asks for, each with the observers of its models' runtimes, and their
 * connection to the bootstrap bridges. The one place where a probe's observers are chosen.
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

  private final ProbeModels demo;
  private final ProbeModels generic;
  private final ProbeModels tribuo;
  private final ProbeModels dl4j;
  private final ProbeModels smile;

  private Probes(
      ProbeModels demo,
      ProbeModels generic,
      ProbeModels tribuo,
      ProbeModels dl4j,
      ProbeModels smile) {
    this.demo = demo;
    this.generic = generic;
    this.tribuo = tribuo;
    this.dl4j = dl4j;
    this.smile = smile;
  }

  /** Creates the configured probes; each makes a runtime per model as models appear. */
  public static Probes create(AgentConfig config) {
    ProbeModels demo = null;
    ProbeModels generic = null;
    if (config.probes().contains(AgentConfig.Probe.DEMO)) {
      demo = models("demo", AnalysisSpec.DEMO, WeightOrientation.CLASSES_BY_FEATURES, config);
    }
    if (config.probes().contains(AgentConfig.Probe.GENERIC)) {
      generic =
          models("generic", config.generic().spec(), config.generic().weightsLayout(), config);
    }
    return new Probes(
        demo,
        generic,
        framework(config, AgentConfig.Probe.TRIBUO, Y_MINUS_P),
        framework(config, AgentConfig.Probe.DL4J, P_MINUS_Y),
        framework(config, AgentConfig.Probe.SMILE, Y_MINUS_P));
  }

  /**
   * A framework probe's models, each with the NFI detectors. The probes hand over the classifier
   * weights as classes × features. They read copies of the library's arrays, so they observe only:
   * repair mode does not rewrite a library's gradient.
   */
  private static ProbeModels framework(
      AgentConfig config, AgentConfig.Probe probe, AnalysisSpec spec) {
    if (!config.probes().contains(probe)) {
      return null;
    }
    String name = probe.label();
    return new ProbeModels(
        name,
        config.models(),
        config.analysisMaxSamples(),
        model -> {
          NfiObserver nfi =
              new NfiObserver(name, model, config.nfi(), WeightOrientation.CLASSES_BY_FEATURES);
          return new ProbeRuntime(
              name,
              model,
              spec.withMaxSamples(config.analysisMaxSamples()),
              List.of(nfi),
              null,
              config.analysisInBackground());
        });
  }

  /**
   * A probe's models, each with its observers: the NFI detectors, then the live page's history
   * (which reads what the detectors just computed), and in repair mode the zero-sum repair that runs
   * after them.
   */
  private static ProbeModels models(
      String name, AnalysisSpec spec, WeightOrientation orientation, AgentConfig config) {
    return new ProbeModels(
        name,
        config.models(),
        config.analysisMaxSamples(),
        model -> {
          NfiObserver nfi = new NfiObserver(name, model, config.nfi(), orientation);
          List<BatchObserver> observers = new ArrayList<>();
          observers.add(nfi);
          observers.add(new HistoryRecorder(name, model, config.mode().label(), nfi.monitor()));
          GradientRepair repair =
              config.mode() == Mode.REPAIR ? new GradientRepair(nfi.monitor()) : null;
          return new ProbeRuntime(
              name,
              model,
              spec.withMaxSamples(config.analysisMaxSamples()),
              observers,
              repair,
              config.analysisInBackground());
        });
  }

  /** Routes the bridges to these runtimes; call only after the bridges are on the bootstrap path. */
  public void connectBridge() {
    ProbeModels[] byId = new ProbeModels[2];
    byId[Bridge.DEMO_PROBE] = demo;
    byId[Bridge.GENERIC_PROBE] = generic;
    Bridge.install(new ProbeDispatcher(byId));
    FrameworkBridge.install(new FrameworkDispatcher(tribuo, dl4j, smile));
  }

  /**
   * Stops observing calls, for the exit report: training threads that go on while the JVM shuts
   * down no longer reach the probes, so the report and the snapshot cover one fixed set of calls.
   */
  public void disconnectBridge() {
    Bridge.install(null);
    FrameworkBridge.install(null);
  }

  /** The demo probe's models, or null. */
  public ProbeModels demo() {
    return demo;
  }

  /** The generic probe's models, or null. */
  public ProbeModels generic() {
    return generic;
  }

  /** The Tribuo probe's models, or null. */
  public ProbeModels tribuo() {
    return tribuo;
  }

  /** The Deeplearning4j probe's models, or null. */
  public ProbeModels dl4j() {
    return dl4j;
  }

  /** The Smile probe's models, or null. */
  public ProbeModels smile() {
    return smile;
  }

  /** The installed probes' names. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (ProbeModels probe : installed()) {
      names.add(probe.probe());
    }
    return names;
  }

  /** The runtime of every model of every installed probe so far, probe by probe. */
  public List<ProbeRuntime> all() {
    List<ProbeRuntime> all = new ArrayList<>();
    for (ProbeModels probe : installed()) {
      all.addAll(probe.runtimes());
    }
    return all;
  }

  private List<ProbeModels> installed() {
    List<ProbeModels> installed = new ArrayList<>();
    for (ProbeModels probe : new ProbeModels[] {demo, generic, tribuo, dl4j, smile}) {
      if (probe != null) {
        installed.add(probe);
      }
    }
    return installed;
  }
}
