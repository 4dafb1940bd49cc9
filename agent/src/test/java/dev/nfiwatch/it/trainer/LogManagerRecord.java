package dev.nfiwatch.it.trainer;

/**
 * Where {@link RecordingLogManager} notes its creation. A separate class, because reading a static
 * of the LogManager subclass itself would initialise {@code java.util.logging.LogManager}.
 */
final class LogManagerRecord {

  static volatile String createdBy;

  private LogManagerRecord() {}
}
