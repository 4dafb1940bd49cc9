package dev.nfiwatch.it.trainer;

import java.util.logging.LogManager;

/**
 * A JUL LogManager that records being created; named by {@code -Djava.util.logging.manager} in the
 * test that checks the agent never initialises {@code java.util.logging}.
 */
public final class RecordingLogManager extends LogManager {

  public RecordingLogManager() {
    LogManagerRecord.createdBy = Thread.currentThread().getName();
  }
}
