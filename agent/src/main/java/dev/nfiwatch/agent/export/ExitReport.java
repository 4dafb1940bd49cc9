package dev.nfiwatch.agent.export;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.nfi.NfiObserver;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the agent leaves behind at JVM exit: one summary line per model of each probe (and one of its NFI
 * detectors) on stderr and, with {@code
 * snapshot=FILE}, the final scrape in FILE (useful for batch jobs and tests).
 */
public final class ExitReport {

  private ExitReport() {}

  /** The summary line of one probe. */
  public static String summary(ProbeRuntime probe) {
    long samples = probe.samples();
    return String.format(
        Locale.ROOT,
        "summary: probe=%s model=%s calls=%d samples=%d absorbed=%s partial=%s dead=%s nonfinite=%d errors=%d",
        probe.name(),
        probe.model(),
        probe.calls(),
        samples,
        share(probe.absorbedSamples(), samples),
        share(probe.partialSamples(), samples),
        share(probe.deadSamples(), samples),
        probe.nonfiniteValues(),
        probe.errors());
  }

  private static String share(long count, long total) {
    return total == 0 ? "0" : String.format(Locale.ROOT, "%.4f", (double) count / total);
  }

  /** How long the exit report waits for a probe's background analysis to finish its last calls. */
  static final long ANALYSIS_DRAIN_MILLIS = 10_000;

  /**
   * Lets the background analyses finish the calls they were handed, then prints the summaries of
   * the models that saw calls (one line when none did) and writes the snapshot (when {@code
   * snapshot} is not empty).
   *
   * @param installed the installed probes' names
   * @param probes the runtime of every model of every probe
   */
  public static void run(
      List<String> installed, List<ProbeRuntime> probes, String snapshot, Supplier<String> scrape)
      throws InterruptedException {
    for (ProbeRuntime probe : probes) {
      if (!probe.awaitAnalysed(ANALYSIS_DRAIN_MILLIS)) {
        AgentLog.info("probe " + probe.name() + ": background analysis did not finish in "
            + ANALYSIS_DRAIN_MILLIS / 1000 + " s; the summary misses its last calls");
      }
    }
    if (probes.stream().noneMatch(ProbeRuntime::seen)) {
      AgentLog.info("summary: no probed method was called (probes: "
          + String.join(", ", installed) + ")");
    }
    for (ProbeRuntime probe : probes) {
      if (!probe.seen()) {
        continue;
      }
      AgentLog.info(summary(probe));
      for (BatchObserver observer : probe.observers()) {
        if (observer instanceof NfiObserver) {
          AgentLog.info(((NfiObserver) observer).summary());
        }
      }
    }
    if (!snapshot.isEmpty()) {
      Path path = Paths.get(snapshot);
      try {
        Files.write(path, scrape.get().getBytes(StandardCharsets.UTF_8));
        AgentLog.info("snapshot written to " + path);
      } catch (IOException | RuntimeException e) {
        AgentLog.info("cannot write snapshot " + path + ": " + e);
      }
    }
  }
}
