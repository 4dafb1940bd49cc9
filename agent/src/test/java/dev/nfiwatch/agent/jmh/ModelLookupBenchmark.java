package dev.nfiwatch.agent.jmh;

import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.config.AgentConfig;
import dev.nfiwatch.agent.probes.ProbeModels;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What telling models apart adds to each backward call on the training thread: {@link
 * ProbeModels#forOwner} for a known owner, with 1, 3 and 16 models known and the call's owner the
 * last one found (the longest scan). The score is nanoseconds per lookup; {@code -prof gc} shows
 * the allocation (BENCHMARKS.md, "Models apart: the per-call lookup").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class ModelLookupBenchmark {

  @Param({"1", "3", "16"})
  public int models;

  private ProbeModels probe;
  private Object owner;

  @Setup
  public void setUp() throws Exception {
    probe =
        new ProbeModels(
            "demo",
            AgentConfig.load("", Map.of(), Map.of()).models(),
            AnalysisSpec.DEFAULT_MAX_SAMPLES,
            model -> new ProbeRuntime("demo", model, AnalysisSpec.DEMO, List.of(), null, false));
    Object[] owners = new Object[models];
    for (int i = 0; i < models; i++) {
      owners[i] = new Object();
      probe.forOwner(owners[i]);
    }
    owner = owners[models - 1];
    keep = owners;
  }

  /** Keeps the owners reachable: the probe holds them weakly. */
  private Object[] keep;

  @Benchmark
  public ProbeRuntime lookup() {
    return probe.forOwner(owner);
  }
}
