package dev.nfiwatch.demo.report;

import dev.nfiwatch.demo.metrics.StepRecord;
import dev.nfiwatch.demo.train.RunResult;
import dev.nfiwatch.demo.train.StepListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one CSV row per step, with the column set fixed by the project (see README). */
public final class CsvReport implements StepListener {

  /** The header line, exactly. */
  public static final String HEADER =
      "step,loss,train_acc,test_acc,classifier_norm,classifier_mean_norm,"
          + "feature_mean_norm,logit_mean,gap_min,gap_median";

  private final BufferedWriter writer;
  private final StringBuilder row = new StringBuilder(256);

  /** Creates (or replaces) {@code file} and writes the header. */
  public CsvReport(Path file) throws IOException {
    this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    writer.write(HEADER);
    writer.newLine();
  }

  @Override
  public void onStep(StepRecord r) throws IOException {
    row.setLength(0);
    row.append(r.step).append(',').append(r.loss).append(',').append(r.trainAccuracy);
    row.append(',').append(r.testAccuracy).append(',').append(r.classifierNorm);
    row.append(',').append(r.classifierMeanNorm).append(',').append(r.featureMeanNorm);
    row.append(',').append(r.logitMean).append(',').append(r.gapMin);
    row.append(',').append(r.gapMedian);
    writer.append(row);
    writer.newLine();
  }

  @Override
  public void finish(RunResult result) throws IOException {
    writer.close();
  }
}
