package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import dev.nfiwatch.agent.bridge.FrameworkBridge;
import dev.nfiwatch.agent.bridge.FrameworkSink;
import dev.nfiwatch.agent.probes.dl4j.Dl4jStep;
import dev.nfiwatch.agent.probes.smile.SmileStep;
import dev.nfiwatch.agent.probes.tribuo.TribuoStep;

/**
 * Routes the framework probes' events arriving through the bootstrap bridge to the library's step
 * reader of the calling thread: a step is assembled from several hooked calls, and models trained
 * at once in several threads each assemble their own. A reader that fails (a library version whose classes differ) is counted as {@code
 * analysis_failed} on its probe and logged once; the training goes on.
 */
final class FrameworkDispatcher implements FrameworkSink {

  private final ThreadLocal<TribuoStep> tribuo;
  private final ProbeModels tribuoRuntime;
  private final ThreadLocal<Dl4jStep> dl4j;
  private final ProbeModels dl4jRuntime;
  private final ThreadLocal<SmileStep> smile;
  private final ProbeModels smileRuntime;

  /** Each probe's models may be null when the probe is not installed. */
  FrameworkDispatcher(ProbeModels tribuo, ProbeModels dl4j, ProbeModels smile) {
    this.tribuoRuntime = tribuo;
    this.tribuo = tribuo == null ? null : ThreadLocal.withInitial(() -> new TribuoStep(tribuo));
    this.dl4jRuntime = dl4j;
    this.dl4j = dl4j == null ? null : ThreadLocal.withInitial(() -> new Dl4jStep(dl4j));
    this.smileRuntime = smile;
    this.smile = smile == null ? null : ThreadLocal.withInitial(() -> new SmileStep(smile));
  }

  @Override
  public void onEvent(int event, Object subject, Object first, Object second, Object third) {
    if (event <= FrameworkBridge.TRIBUO_UPDATE) {
      if (tribuo != null) {
        try {
          tribuo(event, subject, first, second);
        } catch (Throwable e) {
          failed(tribuoRuntime, e);
        }
      }
    } else if (event <= FrameworkBridge.DL4J_GRADIENT) {
      if (dl4j != null) {
        try {
          dl4j(event, subject, first, second, third);
        } catch (Throwable e) {
          failed(dl4jRuntime, e);
        }
      }
    } else if (smile != null) {
      try {
        smile(event, subject, first, second);
      } catch (Throwable e) {
        failed(smileRuntime, e);
      }
    }
  }

  private void tribuo(int event, Object subject, Object first, Object second) throws Throwable {
    TribuoStep tribuo = this.tribuo.get();
    switch (event) {
      case FrameworkBridge.TRIBUO_LOGITS:
        tribuo.onLogits(first, second);
        break;
      case FrameworkBridge.TRIBUO_GRADIENT:
        tribuo.onGradient(second);
        break;
      case FrameworkBridge.TRIBUO_FEATURES:
        tribuo.onFeatures(first);
        break;
      default:
        tribuo.onUpdate(subject);
    }
  }

  private void dl4j(int event, Object subject, Object first, Object second, Object third)
      throws Throwable {
    Dl4jStep dl4j = this.dl4j.get();
    switch (event) {
      case FrameworkBridge.DL4J_LAYER_ENTER:
        dl4j.onLayerEnter(subject);
        break;
      case FrameworkBridge.DL4J_LAYER_EXIT:
        dl4j.onLayerExit();
        break;
      default:
        dl4j.onGradient(subject, first, second, third);
    }
  }

  private void smile(int event, Object subject, Object first, Object second) throws Throwable {
    SmileStep smile = this.smile.get();
    switch (event) {
      case FrameworkBridge.SMILE_LOGITS:
        smile.onLogits(subject, first);
        break;
      case FrameworkBridge.SMILE_GRADIENT:
        smile.onGradient(subject, first);
        break;
      case FrameworkBridge.SMILE_BACKPROPAGATED:
        smile.onBackpropagated(first);
        break;
      case FrameworkBridge.SMILE_ONLINE_STEP:
        smile.onBackpropagated(first);
        smile.onUpdate(second);
        break;
      default:
        smile.onUpdate(first);
    }
  }

  private static void failed(ProbeModels probe, Throwable error) {
    probe.countError(ProbeErrorReason.ANALYSIS_FAILED);
    AgentLog.once(
        "framework-" + probe.probe(),
        "probe " + probe.probe() + ": cannot read the library's arrays (counted): " + error
            + "; training goes on");
  }
}
