package dev.nfiwatch.it.frameworks.overhead;

import java.util.Arrays;
import java.util.Locale;

/**
 * The with / without ratio of ABBA blocks (C D D C per quad): per quad the connected blocks' time
 * over the disconnected blocks', the ratio over all whole quads, a 95 % interval (Student t over
 * the quads' log ratios) and the median quad ratio. 1.00 = no overhead.
 */
final class AbbaRatio {

  /** Two-sided 95 % Student t quantiles for 1 … 30 degrees of freedom (then ≈ 1.96–2.04). */
  private static final double[] T95 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  final double ratio;
  final double low;
  final double high;
  final double median;
  final double[] quads;
  final double connectedMillisPerStep;
  final double disconnectedMillisPerStep;

  private AbbaRatio(
      double ratio, double low, double high, double median, double[] quads, double c, double d) {
    this.ratio = ratio;
    this.low = low;
    this.high = high;
    this.median = median;
    this.quads = quads;
    this.connectedMillisPerStep = c;
    this.disconnectedMillisPerStep = d;
  }

  /** The summary of per-block times {@code nanos}, {@code timedSteps} steps timed per block. */
  static AbbaRatio of(long[] nanos, int timedSteps) {
    int n = nanos.length / 4;
    double[] quads = new double[n];
    double connected = 0;
    double disconnected = 0;
    double logSum = 0;
    for (int q = 0; q < n; q++) {
      double c = nanos[4 * q] + nanos[4 * q + 3];
      double d = nanos[4 * q + 1] + nanos[4 * q + 2];
      quads[q] = c / d;
      connected += c;
      disconnected += d;
      logSum += Math.log(quads[q]);
    }
    double mean = n == 0 ? 0 : logSum / n;
    double var = 0;
    for (double r : quads) {
      var += (Math.log(r) - mean) * (Math.log(r) - mean);
    }
    double half = n < 2 ? Double.NaN : t(n - 1) * Math.sqrt(var / (n - 1) / n);
    double[] sorted = quads.clone();
    Arrays.sort(sorted);
    double median =
        n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    double steps = 2.0 * n * timedSteps;
    return new AbbaRatio(
        connected / disconnected, Math.exp(mean - half), Math.exp(mean + half), median, quads,
        connected / steps / 1e6, disconnected / steps / 1e6);
  }

  private static double t(int degrees) {
    return degrees <= T95.length ? T95[degrees - 1] : 1.96 + 2.4 / degrees;
  }

  /** One line: ratio, interval, median, per-step times of both arms. */
  String line(String what) {
    return String.format(
        Locale.ROOT,
        "%-10s ratio %.4f (95%% interval %.4f-%.4f over %d quads), median quad %.4f;"
            + " %.3f ms/step without, %.3f ms/step with the agent",
        what, ratio, low, high, quads.length, median, disconnectedMillisPerStep,
        connectedMillisPerStep);
  }
}
