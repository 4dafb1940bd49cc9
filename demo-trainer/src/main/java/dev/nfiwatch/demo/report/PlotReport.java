package dev.nfiwatch.demo.report;

import dev.nfiwatch.demo.metrics.StepRecord;
import dev.nfiwatch.demo.train.RunResult;
import dev.nfiwatch.demo.train.StepListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a PNG with two log-scale panels against step: the loss with spike starts marked, and the
 * mean classifier row norm ‖w̄‖ with the mean feature norm ‖h̄‖. Long runs are reduced to at most
 * {@value #MAX_POINTS} points, keeping each bucket's largest loss so spikes stay visible.
 */
public final class PlotReport implements StepListener {

  static final int MAX_POINTS = 4000;
  private static final double LOG_FLOOR = 1e-30;

  private final Path file;
  private final long stride;
  private final double[] steps;
  private final double[] losses;
  private final double[] classifierMeanNorms;
  private final double[] featureMeanNorms;
  private final List<Double> spikeSteps = new ArrayList<>();
  private final List<Double> spikeLosses = new ArrayList<>();
  private int points;

  /** A plot of a run of {@code totalSteps} steps, written to {@code file} when it finishes. */
  public PlotReport(Path file, long totalSteps) {
    this.file = file;
    this.stride = Math.max(1, (totalSteps + MAX_POINTS - 1) / MAX_POINTS);
    int capacity = (int) ((totalSteps + stride - 1) / stride);
    this.steps = new double[capacity];
    this.losses = new double[capacity];
    this.classifierMeanNorms = new double[capacity];
    this.featureMeanNorms = new double[capacity];
  }

  @Override
  public void onStep(StepRecord r) {
    int bucket = (int) ((r.step - 1) / stride);
    boolean opens = bucket == points;
    if (opens) {
      points++;
      losses[bucket] = 0;
    }
    steps[bucket] = r.step;
    losses[bucket] = Math.max(losses[bucket], Math.max(r.loss, LOG_FLOOR));
    classifierMeanNorms[bucket] = Math.max(r.classifierMeanNorm, LOG_FLOOR);
    featureMeanNorms[bucket] = Math.max(r.featureMeanNorm, LOG_FLOOR);
    if (r.spikeStarts) {
      spikeSteps.add((double) r.step);
      spikeLosses.add(Math.max(r.loss, LOG_FLOOR));
    }
  }

  @Override
  public void finish(RunResult result) throws IOException {
    double[] x = Arrays.copyOf(steps, points);
    XYChart loss = chart("Loss (spikes: " + result.spikes() + ")", "loss");
    line(loss.addSeries("loss", x, Arrays.copyOf(losses, points)));
    if (!spikeSteps.isEmpty()) {
      XYSeries spikes = loss.addSeries("spike start", spikeSteps, spikeLosses);
      spikes.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      spikes.setMarker(SeriesMarkers.DIAMOND);
    }
    XYChart norms = chart("Numerical Feature Inflation", "norm");
    line(norms.addSeries("‖w̄‖ mean classifier row", x, Arrays.copyOf(classifierMeanNorms, points)));
    line(norms.addSeries("‖h̄‖ mean feature", x, Arrays.copyOf(featureMeanNorms, points)));
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(List.of(loss, norms), 2, 1, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart =
        new XYChartBuilder().width(1000).height(400).title(title).xAxisTitle("step").yAxisTitle(yTitle).build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("#");
    return chart;
  }

  private static void line(XYSeries series) {
    series.setMarker(SeriesMarkers.NONE);
  }
}
