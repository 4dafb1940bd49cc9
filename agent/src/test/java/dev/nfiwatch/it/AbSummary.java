package dev.nfiwatch.it;

import java.util.Arrays;

/**
 * What the in-JVM overhead harness reports from its timed blocks ({@link SwitchingSink}): only whole
 * ABBA quads (blocks {@code 4q … 4q+3}, connected, disconnected, disconnected, connected) count, so
 * that a drift linear in time cancels. Ratios are connected time / disconnected time, i.e. steps/s
 * without / with the probe connected: 1.00 = no overhead, as in {@link OverheadHarness}.
 *
 * @param quads whole ABBA quads used
 * @param ratio total connected time / total disconnected time
 * @param medianPairRatio median over adjacent block pairs (4q, 4q+1) and (4q+2, 4q+3) of their ratio
 * @param low lower end of the 95 % interval of the ratio (Student t over the quads' log ratios;
 *     NaN with fewer than 2 quads)
 * @param high upper end of that interval
 * @param connectedStepsPerSecond steps/s of the connected blocks' timed steps
 * @param disconnectedStepsPerSecond steps/s of the disconnected blocks' timed steps
 * @param connectedProbeMicros training thread's time per step inside the agent's sink, connected
 * @param disconnectedProbeMicros the same span when disconnected (the wrapper's clock reads only)
 * @param quadRatios each quad's ratio, in order
 */
record AbSummary(
    int quads,
    double ratio,
    double medianPairRatio,
    double low,
    double high,
    double connectedStepsPerSecond,
    double disconnectedStepsPerSecond,
    double connectedProbeMicros,
    double disconnectedProbeMicros,
    double[] quadRatios) {

  /** Two-sided 95 % quantiles of Student's t for 1 … 30 degrees of freedom. */
  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  /**
   * @param blockNanos wall time of each block's timed steps, in block order from block 0
   * @param probeNanos the part of it inside the agent's sink
   * @param timedPerBlock timed steps per block
   */
  static AbSummary of(long[] blockNanos, long[] probeNanos, int timedPerBlock) {
    int quads = blockNanos.length / 4;
    long connected = 0;
    long disconnected = 0;
    long connectedProbe = 0;
    long disconnectedProbe = 0;
    double[] quadRatios = new double[quads];
    double[] logs = new double[quads];
    double[] pairRatios = new double[2 * quads];
    for (int q = 0; q < quads; q++) {
      long c = 0;
      long d = 0;
      for (int b = 4 * q; b < 4 * q + 4; b++) {
        if (SwitchingSink.connected(b)) {
          c += blockNanos[b];
          connectedProbe += probeNanos[b];
        } else {
          d += blockNanos[b];
          disconnectedProbe += probeNanos[b];
        }
      }
      for (int p = 2 * q; p < 2 * q + 2; p++) {
        int b = 2 * p;
        pairRatios[p] =
            SwitchingSink.connected(b)
                ? (double) blockNanos[b] / blockNanos[b + 1]
                : (double) blockNanos[b + 1] / blockNanos[b];
      }
      connected += c;
      disconnected += d;
      quadRatios[q] = (double) c / d;
      logs[q] = Math.log(quadRatios[q]);
    }
    double low = Double.NaN;
    double high = Double.NaN;
    if (quads >= 2) {
      double mean = Arrays.stream(logs).average().orElseThrow();
      double squares = 0;
      for (double x : logs) {
        squares += (x - mean) * (x - mean);
      }
      double half = t975(quads - 1) * Math.sqrt(squares / (quads - 1) / quads);
      low = Math.exp(mean - half);
      high = Math.exp(mean + half);
    }
    long steps = 2L * quads * timedPerBlock; // per arm
    return new AbSummary(
        quads,
        quads == 0 ? Double.NaN : (double) connected / disconnected,
        median(pairRatios),
        low,
        high,
        steps * 1e9 / connected,
        steps * 1e9 / disconnected,
        connectedProbe / 1e3 / steps,
        disconnectedProbe / 1e3 / steps,
        quadRatios);
  }

  /** Two-sided 95 % quantile of Student's t (Cornish-Fisher expansion beyond the table). */
  static double t975(int degrees) {
    if (degrees < 1) {
      throw new IllegalArgumentException("degrees of freedom " + degrees);
    }
    if (degrees <= T975.length) {
      return T975[degrees - 1];
    }
    double z = 1.959964;
    double v = degrees;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
