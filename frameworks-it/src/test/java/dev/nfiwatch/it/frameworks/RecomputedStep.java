package dev.nfiwatch.it.frameworks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The last step's statistics recomputed by the test, independently of the agent, from the examples
 * a trainer recorded ({@link LastStep}): mean logit and loss from the logits; absorbed samples and
 * the signed zero-sum residual ratio {@code Σ_i r_i / Σ_i Σ_{j≠c_i} |g_ij|} from the library's
 * gradient (in the {@code p − y} convention);
 * and how far the library's gradient is from a softmax recomputed from the same logits.
 */
public final class RecomputedStep {

  public final int batch;
  public final int absorbed;
  public final double residualRatio;
  public final double meanLogit;
  public final double loss;
  public final double maxGradientDeviation;

  private RecomputedStep(
      int batch,
      int absorbed,
      double residualRatio,
      double meanLogit,
      double loss,
      double maxGradientDeviation) {
    this.batch = batch;
    this.absorbed = absorbed;
    this.residualRatio = residualRatio;
    this.meanLogit = meanLogit;
    this.loss = loss;
    this.maxGradientDeviation = maxGradientDeviation;
  }

  /**
   * Reads a {@link LastStep} file.
   *
   * @param sign {@code +1} when the library's gradient is {@code p − y}, {@code −1} for {@code y − p}
   * @param floats whether the library computes its softmax in float
   */
  public static RecomputedStep of(Path file, double sign, boolean floats) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int absorbed = 0;
    double residual = 0;
    double wrongMass = 0;
    double logitSum = 0;
    long logitCount = 0;
    double lossSum = 0;
    double deviation = 0;
    for (String line : lines) {
      String[] parts = line.split(";");
      int c = Integer.parseInt(parts[0]);
      double[] z = parse(parts[1], floats);
      double[] g = parse(parts[2], floats);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z) {
        max = Math.max(max, v);
        logitSum += v;
        logitCount++;
      }
      double denominator = 0;
      for (double v : z) {
        denominator += Math.exp(v - max);
      }
      lossSum += Math.log(denominator) - (z[c] - max);
      boolean others = false;
      for (int k = 0; k < g.length; k++) {
        double gk = sign * g[k];
        residual += gk;
        wrongMass += k == c ? 0 : Math.abs(gk);
        others |= k != c && gk != 0;
        double p = softmax(z, k, max, floats);
        double expected = p - (k == c ? 1 : 0);
        deviation = Math.max(deviation, Math.abs(expected - gk));
      }
      if (sign * g[c] == 0 && others) {
        absorbed++;
      }
    }
    return new RecomputedStep(
        lines.size(),
        absorbed,
        wrongMass == 0 ? 0 : residual / wrongMass,
        logitSum / logitCount,
        lossSum / lines.size(),
        deviation);
  }

  private static double softmax(double[] z, int k, double max, boolean floats) {
    if (floats) {
      float sum = 0;
      for (double v : z) {
        sum += (float) Math.exp((float) v - (float) max);
      }
      return (float) Math.exp((float) z[k] - (float) max) / sum;
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v - max);
    }
    return Math.exp(z[k] - max) / sum;
  }

  /** Float values are parsed as floats: their shortest form does not name the widened double. */
  private static double[] parse(String csv, boolean floats) {
    String[] items = csv.split(",");
    double[] values = new double[items.length];
    for (int i = 0; i < items.length; i++) {
      values[i] = floats ? Float.parseFloat(items[i]) : Double.parseDouble(items[i]);
    }
    return values;
  }
}
