package dev.nfiwatch.agent.web;

import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The live page's data: the {@link ProbeHistory} of every probe that records one. */
public final class ProbeHistories {

  private final List<ProbeHistory> probes;

  /** The given histories, shown ordered by probe name. */
  public ProbeHistories(List<ProbeHistory> probes) {
    List<ProbeHistory> sorted = new ArrayList<>(probes);
    sorted.sort(Comparator.comparing(ProbeHistory::probe));
    this.probes = List.copyOf(sorted);
  }

  /** The histories kept by the {@link HistoryRecorder}s among these probes' observers. */
  public static ProbeHistories of(List<ProbeRuntime> runtimes) {
    List<ProbeHistory> found = new ArrayList<>();
    for (ProbeRuntime runtime : runtimes) {
      for (BatchObserver observer : runtime.observers()) {
        if (observer instanceof HistoryRecorder) {
          found.add(((HistoryRecorder) observer).history());
        }
      }
    }
    return new ProbeHistories(found);
  }

  /** A snapshot of every probe, ordered by probe name. */
  public List<ProbeHistory.Snapshot> snapshot() {
    List<ProbeHistory.Snapshot> out = new ArrayList<>(probes.size());
    for (ProbeHistory probe : probes) {
      out.add(probe.snapshot());
    }
    return out;
  }
}
