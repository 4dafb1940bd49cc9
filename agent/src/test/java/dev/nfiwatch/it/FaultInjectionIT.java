package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shaded agent's generic probe on a trainer that hands it one kind of fault between valid
 * calls ({@code trainer.FaultyTrainer}), each in a forked JVM, with and without the agent: the
 * trainer's output is the same, the fault is counted under the reason that names it and logged
 * once, and the valid calls before and after it are analysed as usual.
 */
class FaultInjectionIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String TRAINER = "dev.nfiwatch.it.trainer.FaultyTrainer";
  private static final String PROBE = "{model=\"0\",probe=\"generic\"}";
  private static final int VALID = 20;
  private static final int BATCH = 8;
  private static final int REPEAT = 5;
  /** What the agent may keep on the heap whatever its input (README, "Guarantees"). */
  private static final long AGENT_HEAP_BOUND = 24L << 20;
  private static final List<String> REASONS =
      List.of("null_array", "unsupported_type", "length_mismatch", "empty_batch",
          "batch_too_large", "label_out_of_range", "analysis_failed", "observer_failed", "repair_failed",
          "instrumentation_failed");

  /**
   * One fault and what the agent must make of it.
   *
   * @param reason the error reason its calls count under, or null when they are data to analyse
   * @param calls the backward calls the agent observes (a call that throws is not one)
   * @param samples the samples in analysed calls
   * @param check further series and the least value each must have
   */
  record Case(String fault, String reason, long calls, long samples, String... check) {
    @Override
    public String toString() {
      return fault;
    }
  }

  static Stream<Case> faults() {
    long valid = 2L * VALID;
    long validSamples = valid * BATCH;
    long faulty = valid + REPEAT;
    long analysed = validSamples + REPEAT * BATCH;
    long changing = 0;
    for (int i = 0; i < REPEAT; i++) {
      changing += 1 + i % 7;
    }
    return Stream.of(
        new Case("NONE", null, faulty, analysed),
        new Case("NULL_LOGITS", "null_array", faulty, validSamples),
        new Case("NULL_LABELS", "null_array", faulty, validSamples),
        new Case("NULL_GRADIENT", "null_array", faulty, validSamples),
        new Case("NAN_LOGITS", null, faulty, analysed, "nfi_nonfinite_values_total", "5"),
        new Case("INFINITE_LOGITS", null, faulty, analysed, "nfi_nonfinite_values_total", "10"),
        new Case("NAN_GRADIENT", null, faulty, analysed, "nfi_nonfinite_values_total", "5"),
        new Case("SUBNORMAL_LOGITS", null, faulty, analysed),
        new Case("ZERO_GRADIENT_ROWS", null, faulty, analysed, "nfi_dead_samples_total", "10"),
        new Case("SHORT_GRADIENT", "length_mismatch", faulty, validSamples),
        new Case("INCONSISTENT_LENGTHS", "length_mismatch", faulty, validSamples),
        new Case("EMPTY_BATCH", "empty_batch", faulty, validSamples),
        new Case("CHANGING_BATCH", null, faulty, validSamples + changing),
        new Case("LABEL_TOO_LARGE", "label_out_of_range", faulty, validSamples),
        new Case("LABEL_NEGATIVE", "label_out_of_range", faulty, validSamples),
        new Case("NOT_ONE_HOT", "label_out_of_range", faulty, validSamples),
        new Case("BATCH_TOO_LARGE", "batch_too_large", faulty, validSamples),
        new Case("THROWS", null, valid, validSamples),
        new Case("HUGE_BATCH", null, valid + 2, validSamples + 2 * 65_536L),
        new Case("MUTATED_DURING_CALL", null, valid + 200L * REPEAT, -1),
        // The analysis itself fails (a bug in the agent), injected by the test-only hook on call
        // 21: counted once as analysis_failed; the calls after it are analysed again.
        new Case("ANALYSIS_THROWS", "analysis_failed", faulty, analysed - BATCH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void theTrainerIsUnharmedAndTheFaultIsCountedOnce(Case c, @TempDir Path dir) throws Exception {
    boolean injected = c.fault().equals("ANALYSIS_THROWS");
    String[] args = {"--fault", injected ? "NONE" : c.fault(),
        "--repeat", c.fault().equals("HUGE_BATCH") ? "2" : "5"};
    List<String> heap = List.of("-Xmx3g");
    String without;
    try (ForkedJvm jvm =
        ForkedJvm.start(null, null, heap, ForkedJvm.trainerClassPath(), TRAINER, args)) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      without = resultLine(jvm);
    }
    Path snapshot = dir.resolve("faults.prom");
    String agent = "port=0,probes=generic,generic.class=" + TRAINER + ",snapshot=" + snapshot
        + (c.fault().equals("NOT_ONE_HOT")
            ? ",generic.method=backwardOneHot,generic.labelForm=onehot,generic.classes=4"
            : ",generic.method=backward");
    List<String> options =
        injected ? List.of("-Xmx3g", "-Ddev.nfiwatch.test.analysisFaultAt=" + (VALID + 1)) : heap;
    try (ForkedJvm jvm =
        ForkedJvm.start(null, agent, options, ForkedJvm.trainerClassPath(), TRAINER, args)) {
      assertThat(jvm.awaitExit(TIMEOUT)).as("exit code with the agent").isZero();
      if (!c.fault().equals("MUTATED_DURING_CALL")) {
        assertThat(resultLine(jvm)).as("the trainer's own result").isEqualTo(without);
      }
      Scrape scrape = Scrape.read(snapshot);
      assertThat(scrape.value("nfi_backward_calls_total" + PROBE)).isEqualTo(c.calls());
      if (c.samples() >= 0) {
        assertThat(scrape.value("nfi_samples_total" + PROBE)).isEqualTo(c.samples());
      }
      for (String reason : REASONS) {
        double count = scrape.value(
            "nfi_probe_errors_total{model=\"0\",probe=\"generic\",reason=\"" + reason + "\"}");
        assertThat(count).as(reason)
            .isEqualTo(reason.equals(c.reason()) ? (injected ? 1 : REPEAT) : 0);
      }
      for (int i = 0; i < c.check().length; i += 2) {
        assertThat(scrape.value(c.check()[i] + PROBE))
            .as(c.check()[i])
            .isGreaterThanOrEqualTo(Double.parseDouble(c.check()[i + 1]));
      }
      if (injected) {
        assertThat(jvm.linesContaining("analysis failed (counted)")).as("logged once").hasSize(1);
      } else if (c.reason() != null) {
        assertThat(jvm.linesContaining("call not analysed (" + c.reason())).as("logged once")
            .hasSize(1);
      } else {
        assertThat(jvm.output()).doesNotContain("call not analysed");
      }
      assertThat(jvm.output()).as("no stack trace").doesNotContain("\tat ");
      if (!injected) {
        assertThat(jvm.output()).doesNotContain("Exception").doesNotContain("Error:");
      }
    }
  }

  /**
   * A trainer whose batch doubles on every call, from 1024 to 2^21 samples: the calls up to
   * analysis.max.samples (65 536) are analysed, the larger ones counted as batch_too_large, and
   * the heap the agent keeps afterwards (the trainer's heap after a full collection, less the same
   * without the agent) stays under the bound README's "Guarantees" table documents.
   */
  @Test
  void aGrowingBatchCannotGrowTheAgentsHeapWithoutLimit(@TempDir Path dir) throws Exception {
    String[] args = {"--fault", "GROWING_BATCH", "--repeat", "12"};
    List<String> heap = List.of("-Xmx3g", "-XX:+UseG1GC");
    long without;
    try (ForkedJvm jvm =
        ForkedJvm.start(null, null, heap, ForkedJvm.trainerClassPath(), TRAINER, args)) {
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      without = heapUsed(jvm);
    }
    Path snapshot = dir.resolve("growing.prom");
    String agent = "port=0,probes=generic,generic.class=" + TRAINER + ",generic.method=backward"
        + ",snapshot=" + snapshot;
    try (ForkedJvm jvm =
        ForkedJvm.start(null, agent, heap, ForkedJvm.trainerClassPath(), TRAINER, args)) {
      assertThat(jvm.awaitExit(TIMEOUT)).as("exit code with the agent").isZero();
      long agentHeap = heapUsed(jvm) - without;
      System.out.println("FaultInjectionIT: agent heap after the growing batches "
          + agentHeap / 1024 + " KiB");
      assertThat(agentHeap).as("heap the agent keeps").isLessThan(AGENT_HEAP_BOUND);
      Scrape scrape = Scrape.read(snapshot);
      long analysed = 0;
      for (int call = 0; 1024 << call <= 65_536; call++) {
        analysed += 1024 << call;
      }
      assertThat(scrape.value("nfi_samples_total" + PROBE)).isEqualTo(2L * VALID * BATCH + analysed);
      assertThat(scrape.value(
              "nfi_probe_errors_total{model=\"0\",probe=\"generic\",reason=\"batch_too_large\"}"))
          .isEqualTo(5);
      assertThat(jvm.linesContaining("more than 65536 samples, the analysis.max.samples limit"))
          .hasSize(1);
    }
  }

  private static long heapUsed(ForkedJvm jvm) {
    List<String> lines = jvm.linesContaining("heap: used=");
    assertThat(lines).hasSize(1);
    return Long.parseLong(lines.get(0).substring(lines.get(0).indexOf('=') + 1).trim());
  }

  private static String resultLine(ForkedJvm jvm) {
    List<String> lines = jvm.linesContaining("result: calls=");
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }
}
