package dev.nfiwatch.agent.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The live page's data: the {@link ProbeHistory} of every model of every probe that records one.
 * Models appear while the job trains, so the histories are asked for at each request.
 */
public final class ProbeHistories {

  private final Supplier<List<ProbeHistory>> histories;

  /**
   * @param histories the histories there are now, in the order the page lists them (probe by
   *     probe, each probe's models in first-seen order)
   */
  public ProbeHistories(Supplier<List<ProbeHistory>> histories) {
    this.histories = histories;
  }

  /** A snapshot of every history, in the supplier's order. */
  public List<ProbeHistory.Snapshot> snapshot() {
    List<ProbeHistory> now = histories.get();
    List<ProbeHistory.Snapshot> out = new ArrayList<>(now.size());
    for (ProbeHistory history : now) {
      out.add(history.snapshot());
    }
    return out;
  }
}
