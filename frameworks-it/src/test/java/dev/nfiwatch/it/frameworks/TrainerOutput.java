package dev.nfiwatch.it.frameworks;

/**
 * The lines a test trainer prints for its test: the library's own step count, samples, batch sizes
 * and a checksum of the trained parameters' exact bits ({@code key=value}, one per line).
 */
public final class TrainerOutput {

  private long checksum = 1125899906842597L;

  /** Adds one parameter value's exact bits to the checksum. */
  public void addParameter(double value) {
    checksum = 31 * checksum + Double.doubleToRawLongBits(value);
  }

  /** Adds one float parameter value's exact bits to the checksum. */
  public void addParameter(float value) {
    checksum = 31 * checksum + Float.floatToRawIntBits(value);
  }

  /** Prints the report. */
  public void print(long steps, long samples, String batchSizes) {
    System.out.println("steps=" + steps);
    System.out.println("samples=" + samples);
    System.out.println("batchSizes=" + batchSizes);
    System.out.println("checksum=" + Long.toHexString(checksum));
  }
}
