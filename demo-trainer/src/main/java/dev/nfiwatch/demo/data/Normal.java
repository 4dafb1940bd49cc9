package dev.nfiwatch.demo.data;

import java.util.SplittableRandom;

/** Standard normal samples from a seeded generator (Box–Muller, so the stream is reproducible). */
public final class Normal {

  private Normal() {}

  /** One standard normal sample; consumes two uniforms. */
  public static double sample(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
