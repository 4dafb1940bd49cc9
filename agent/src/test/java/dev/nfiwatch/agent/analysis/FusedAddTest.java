package dev.nfiwatch.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FusedAddTest {

  private static final double[] SPECIAL = {
    0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
    Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0x1p-1074, 1e-300, 3.0e38
  };

  @Test
  void addsAndSubtractsBitForBitLikePlainArithmetic() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      double a = i < SPECIAL.length * SPECIAL.length ? SPECIAL[i % SPECIAL.length] : value(random);
      double b =
          i < SPECIAL.length * SPECIAL.length ? SPECIAL[i / SPECIAL.length] : value(random);
      assertThat(Double.doubleToRawLongBits(FusedAdd.add(a, b)))
          .as("%s + %s", a, b)
          .isEqualTo(Double.doubleToRawLongBits(a + b));
      assertThat(Double.doubleToRawLongBits(FusedAdd.subtract(a, b)))
          .as("%s - %s", a, b)
          .isEqualTo(Double.doubleToRawLongBits(a - b));
      float fa = (float) a;
      float fb = (float) b;
      assertThat(Float.floatToRawIntBits(FusedAdd.add(fa, fb)))
          .as("%s + %s (float)", fa, fb)
          .isEqualTo(Float.floatToRawIntBits(fa + fb));
    }
  }

  private static double value(SplittableRandom random) {
    return (random.nextBoolean() ? 1 : -1) * Math.scalb(random.nextDouble(1, 2), random.nextInt(-80, 80));
  }

  /** Where the JVM runs fma in software, the plain additions are chosen (a forked JVM without FMA). */
  @Test
  void usesPlainAdditionsWhereTheJvmHasNoFmaInstruction() throws Exception {
    assertThat(hardwareIn("-XX:-UseFMA")).isEqualTo("false");
    assertThat(hardwareIn("-XX:+UseFMA"))
        .as("this machine has FMA (the benchmarks assume it)")
        .isEqualTo(String.valueOf(FusedAdd.HARDWARE));
  }

  private static String hardwareIn(String option) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java, option, "-cp", System.getProperty("java.class.path"), Probe.class.getName())
            .redirectErrorStream(true)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  /** Prints {@link FusedAdd#HARDWARE} of its JVM. */
  static final class Probe {
    public static void main(String[] args) {
      System.out.println(FusedAdd.HARDWARE);
    }
  }
}
