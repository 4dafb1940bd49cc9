package dev.nfiwatch.it.frameworks;

/**
 * Counts, independently of the agent, how many samples a trainer's library gradient shows as
 * absorbed (the correct-class entry exactly 0, another entry not; the agent's definition) and dead
 * (every entry 0), from the same arrays the agent reads. Rows holding a NaN or ∞ are not counted.
 */
public final class AbsorptionCount {

  private long samples;
  private long absorbed;
  private long dead;

  /** One sample of float gradient {@code g} with correct class {@code label}. */
  public void add(int label, float[] g) {
    double[] wide = new double[g.length];
    for (int k = 0; k < g.length; k++) {
      wide[k] = g[k];
    }
    add(label, wide);
  }

  /** One sample of gradient {@code g} with correct class {@code label}. */
  public void add(int label, double[] g) {
    boolean others = false;
    for (int k = 0; k < g.length; k++) {
      if (!Double.isFinite(g[k])) {
        return;
      }
      others |= k != label && g[k] != 0;
    }
    samples++;
    if (g[label] == 0 && others) {
      absorbed++;
    } else if (g[label] == 0) {
      dead++;
    }
  }

  /** Prints {@code countedSamples}, {@code countedAbsorbed} and {@code countedDead}. */
  public void print() {
    System.out.println("countedSamples=" + samples);
    System.out.println("countedAbsorbed=" + absorbed);
    System.out.println("countedDead=" + dead);
  }
}
