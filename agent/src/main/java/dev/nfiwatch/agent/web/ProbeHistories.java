package dev.nfiwatch.agent.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The live page's data: one {@link ProbeHistory} per probe, created on the probe's first step. */
public final class ProbeHistories {

  private final ConcurrentMap<String, ProbeHistory> byProbe = new ConcurrentHashMap<>();

  /**
   * The history of a probe, created with the given format and mode the first time it is asked for.
   * Callers on the hot path keep the returned object rather than asking again.
   */
  public ProbeHistory forProbe(String probe, String dtype, String mode) {
    ProbeHistory existing = byProbe.get(probe);
    return existing != null
        ? existing
        : byProbe.computeIfAbsent(probe, name -> new ProbeHistory(name, dtype, mode));
  }

  /** A snapshot of every probe, ordered by probe name. */
  public List<ProbeHistory.Snapshot> snapshot() {
    List<ProbeHistory> probes = new ArrayList<>(byProbe.values());
    probes.sort(Comparator.comparing(ProbeHistory::probe));
    List<ProbeHistory.Snapshot> out = new ArrayList<>(probes.size());
    for (ProbeHistory probe : probes) {
      out.add(probe.snapshot());
    }
    return out;
  }
}
