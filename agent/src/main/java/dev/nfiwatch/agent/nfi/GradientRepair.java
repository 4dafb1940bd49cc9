package dev.nfiwatch.agent.nfi;

import dev.nfiwatch.agent.analysis.BatchAnalyzer;
import dev.nfiwatch.agent.analysis.BatchStats;

/**
 * Repair mode for one probe: after the analysis (so that absorption is counted on the gradient the
 * trainer computed), rewrites the correct-class entry of every sample whose relative zero-sum
 * residual exceeds the analysis' rounding tolerance, which is exactly the samples it counted as
 * absorbed or partially absorbed, and counts them in the probe's {@link NfiMonitor}.
 *
 * <p>Reads the gradient as the analysis did: {@code float[]}/{@code double[]} row-major batch ×
 * classes, or {@code float[][]}/{@code double[][]} one row per sample; the labels are the classes the
 * analysis resolved. No allocation.
 */
public final class GradientRepair {

  private final NfiMonitor monitor;

  /** @param monitor where repaired samples are counted */
  public GradientRepair(NfiMonitor monitor) {
    this.monitor = monitor;
  }

  /**
   * Repairs the gradient of the batch just analysed into {@code stats}.
   *
   * @return how many samples were rewritten
   */
  public int repair(BatchStats stats, Object gradient) {
    int batch = stats.batch();
    int classes = stats.classes();
    int[] labels = stats.labels();
    double threshold = BatchAnalyzer.partialTolerance(stats.dtype(), classes);
    int repaired = 0;
    if (gradient instanceof float[]) {
      float[] flat = (float[]) gradient;
      for (int i = 0; i < batch; i++) {
        repaired += ZeroSumRepair.repairRow(flat, i * classes, classes, labels[i], threshold) ? 1 : 0;
      }
    } else if (gradient instanceof double[]) {
      double[] flat = (double[]) gradient;
      for (int i = 0; i < batch; i++) {
        repaired += ZeroSumRepair.repairRow(flat, i * classes, classes, labels[i], threshold) ? 1 : 0;
      }
    } else if (gradient instanceof float[][]) {
      float[][] rows = (float[][]) gradient;
      for (int i = 0; i < batch; i++) {
        repaired += ZeroSumRepair.repairRow(rows[i], 0, classes, labels[i], threshold) ? 1 : 0;
      }
    } else if (gradient instanceof double[][]) {
      double[][] rows = (double[][]) gradient;
      for (int i = 0; i < batch; i++) {
        repaired += ZeroSumRepair.repairRow(rows[i], 0, classes, labels[i], threshold) ? 1 : 0;
      }
    }
    monitor.countRepaired(repaired);
    return repaired;
  }
}
