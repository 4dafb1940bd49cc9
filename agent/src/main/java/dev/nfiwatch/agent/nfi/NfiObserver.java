package dev.nfiwatch.agent.nfi;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.analysis.BatchStats;
import java.util.Locale;

/**
 * Connects one probe's analysed batches to its {@link NfiMonitor} and writes the NFI events to the
 * agent's log: the first absorbed sample, each onset episode with its evidence, each loss spike.
 * Events are rare, so only they allocate (their log lines).
 */
public final class NfiObserver implements BatchObserver {

  private final String probe;
  private final String model;
  private final String who;
  private final NfiMonitor monitor;
  private boolean absorptionLogged;

  /**
   * @param probe the probe's name, used in the log lines
   * @param model the model's label among the probe's models
   * @param settings the onset detector's thresholds
   * @param orientation how the probe's classifier weights are laid out
   */
  public NfiObserver(
      String probe, String model, OnsetSettings settings, WeightOrientation orientation) {
    this.probe = probe;
    this.model = model;
    this.who = model.equals("0") ? probe : probe + " (model " + model + ")";
    this.monitor = new NfiMonitor(settings, orientation);
  }

  @Override
  public void onBatch(BatchStats stats, Object classifierWeights, Object classifierInput) {
    monitor.observe(
        stats.step(),
        stats.batch(),
        stats.classes(),
        stats.absorbed(),
        stats.partial(),
        stats.residuals(),
        stats.meanLogit(),
        stats.maxAbsLogit(),
        stats.gapMedian(),
        stats.dtype().unitRoundoff(),
        stats.allCorrect(),
        stats.loss(),
        stats.labels(),
        classifierWeights,
        classifierInput);
    if (!absorptionLogged && monitor.firstAbsorptionStep() >= 0) {
      absorptionLogged = true;
      AgentLog.info(
          String.format(
              Locale.ROOT,
              "probe %s: first absorbed sample at step %d (%s, %d of %d samples)",
              who,
              stats.step(),
              stats.dtype().label(),
              stats.absorbed(),
              stats.batch()));
    }
    if (monitor.onsetStarted()) {
      AgentLog.info("probe " + who + ": " + monitor.onset().describeOnset());
    }
    if (monitor.spikeStarted()) {
      AgentLog.info(
          String.format(
              Locale.ROOT,
              "probe %s: loss spike #%d starts at step %d (loss %.4g)",
              who,
              monitor.spikes(),
              stats.step(),
              stats.loss()));
    }
  }

  /** The probe's NFI state, read by the metrics. */
  public NfiMonitor monitor() {
    return monitor;
  }

  /** One line for the exit report. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "nfi: probe=%s model=%s onsets=%d onset_step=%d first_absorption=%d spikes=%d first_spike=%d"
            + " spike_rule=%s repaired=%d",
        probe,
        model,
        monitor.onsets(),
        monitor.firstOnsetStep(),
        monitor.firstAbsorptionStep(),
        monitor.spikes(),
        monitor.firstSpikeStep(),
        monitor.miniBatchRule() ? "mini_batch" : "full_batch",
        monitor.repairedSamples());
  }
}
