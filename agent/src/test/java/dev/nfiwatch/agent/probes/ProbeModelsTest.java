package dev.nfiwatch.agent.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.analysis.ProbeErrorReason;
import dev.nfiwatch.agent.config.AgentConfig;
import dev.nfiwatch.agent.config.ModelSettings;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProbeModelsTest {

  private static ProbeModels models(String arguments) throws Exception {
    ModelSettings settings = AgentConfig.load(arguments, Map.of(), Map.of()).models();
    return new ProbeModels(
        "demo", settings, AnalysisSpec.DEFAULT_MAX_SAMPLES, model -> new ProbeRuntime("demo", model, AnalysisSpec.DEMO, List.of(),
            null, false));
  }

  private static List<String> labels(ProbeModels models) {
    return models.runtimes().stream().map(ProbeRuntime::model).toList();
  }

  @Test
  void eachOwnerGetsItsOwnRuntimeLabelledInFirstSeenOrder() throws Exception {
    ProbeModels models = models("");
    Object a = new Object();
    Object b = new Object();
    ProbeRuntime first = models.forOwner(a);
    ProbeRuntime second = models.forOwner(b);
    assertThat(first).isNotSameAs(second);
    assertThat(models.forOwner(a)).isSameAs(first);
    assertThat(models.forOwner(b)).isSameAs(second);
    assertThat(first.model()).isEqualTo("0");
    assertThat(second.model()).isEqualTo("1");
    assertThat(labels(models)).containsExactly("0", "1");
  }

  @Test
  void modelsBeyondTheCapShareOneOtherRuntime() throws Exception {
    ProbeModels models = models("models.max=2");
    Object[] owners = new Object[5];
    for (int i = 0; i < owners.length; i++) {
      owners[i] = new Object();
      models.forOwner(owners[i]);
    }
    assertThat(labels(models)).containsExactly("0", "1", ProbeModels.OVERFLOW);
    assertThat(models.forOwner(owners[2])).isSameAs(models.forOwner(owners[4]));
    assertThat(models.forOwner(owners[1]).model()).isEqualTo("1");
  }

  @Test
  void aStaticMethodsCallsAreOwnedByTheirThread() throws Exception {
    ProbeModels models = models("");
    ProbeRuntime here = models.forOwner(null);
    AtomicReference<ProbeRuntime> there = new AtomicReference<>();
    Thread other = new Thread(() -> there.set(models.forOwner(null)));
    other.start();
    other.join();
    assertThat(models.forOwner(null)).isSameAs(here);
    assertThat(there.get()).isNotSameAs(here);
  }

  @Test
  void modelsByThreadAndByNone() throws Exception {
    ProbeModels byThread = models("models.by=thread");
    assertThat(byThread.forOwner(new Object())).isSameAs(byThread.forOwner(new Object()));
    AtomicReference<ProbeRuntime> there = new AtomicReference<>();
    Thread other = new Thread(() -> there.set(byThread.forOwner(new Object())));
    other.start();
    other.join();
    assertThat(there.get()).isNotSameAs(byThread.forOwner(null));

    ProbeModels none = models("models.by=none");
    ProbeRuntime only = none.forOwner(new Object());
    assertThat(none.forOwner(new Object())).isSameAs(only);
    assertThat(none.forOwner(null)).isSameAs(only);
    assertThat(labels(none)).containsExactly("0");
  }

  @Test
  void threadNameLabelsAreMadeUnique() throws Exception {
    ProbeModels models = models("models.label=thread");
    String name = Thread.currentThread().getName();
    assertThat(models.forOwner(new Object()).model()).isEqualTo(name);
    assertThat(models.forOwner(new Object()).model()).isEqualTo(name + "#2");
    AtomicReference<String> there = new AtomicReference<>();
    Thread other = new Thread(() -> there.set(models.forOwner(new Object()).model()), "sweep-7");
    other.start();
    other.join();
    assertThat(there.get()).isEqualTo("sweep-7");
  }

  @Test
  void anErrorBeforeTheFirstCallCountsOnModelZeroWhichTheFirstOwnerClaims() throws Exception {
    ProbeModels models = models("");
    models.countError(ProbeErrorReason.INSTRUMENTATION_FAILED);
    assertThat(labels(models)).containsExactly("0");
    ProbeRuntime first = models.forOwner(new Object());
    assertThat(first.model()).isEqualTo("0");
    assertThat(first.errors(ProbeErrorReason.INSTRUMENTATION_FAILED)).isEqualTo(1);
    assertThat(models.forOwner(new Object()).model()).isEqualTo("1");
  }

  @Test
  void ownersAreHeldWeakly() throws Exception {
    ProbeModels models = models("");
    Object owner = new Object();
    models.forOwner(owner);
    WeakReference<Object> reference = new WeakReference<>(owner);
    owner = null;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (reference.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }
    assertThat(reference.get()).as("the model's owner was collected").isNull();
    assertThat(labels(models)).containsExactly("0");
  }
}
