package dev.nfiwatch.demo.report;

import dev.nfiwatch.demo.metrics.StepRecord;
import dev.nfiwatch.demo.train.RunResult;
import dev.nfiwatch.demo.train.StepListener;
import java.io.IOException;
import java.util.List;

/** Several step listeners called in order, as one. */
public final class Listeners implements StepListener {

  private final List<StepListener> listeners;

  /** Calls {@code listeners} in the given order. */
  public Listeners(List<StepListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void onStep(StepRecord record) throws IOException {
    for (StepListener listener : listeners) {
      listener.onStep(record);
    }
  }

  @Override
  public void finish(RunResult result) throws IOException {
    for (StepListener listener : listeners) {
      listener.finish(result);
    }
  }
}
