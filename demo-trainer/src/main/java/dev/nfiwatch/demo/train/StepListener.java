package dev.nfiwatch.demo.train;

import dev.nfiwatch.demo.metrics.StepRecord;
import java.io.IOException;

/** Receives every step's measurements (progress line, CSV, plot). */
public interface StepListener {

  /** Called after every step with the reused record of that step. */
  void onStep(StepRecord record) throws IOException;

  /** Called once after the last step. */
  default void finish(RunResult result) throws IOException {}
}
