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

  /**
   * Prints {@code meanRowNormEnd}: ‖w̄‖, the norm of the mean over classes of the classifier's class
   * rows ({@code weights[k][f]}, classes × features), as the agent's NFI detector defines it.
   */
  public static void printMeanRowNorm(double[][] weights) {
    double norm = 0;
    for (int f = 0; f < weights[0].length; f++) {
      double mean = 0;
      for (double[] row : weights) {
        mean += row[f];
      }
      mean /= weights.length;
      norm += mean * mean;
    }
    System.out.println("meanRowNormEnd=" + Math.sqrt(norm));
  }

  /** Prints the report. */
  public void print(long steps, long samples, String batchSizes) {
    System.out.println("steps=" + steps);
    System.out.println("samples=" + samples);
    System.out.println("batchSizes=" + batchSizes);
    System.out.println("checksum=" + checksum());
  }

  /** The checksum of the parameters added so far, in hex. */
  public String checksum() {
    return Long.toHexString(checksum);
  }
}
