package dev.nfiwatch.demo.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FastExp} against {@code Math.exp} over the softmax's whole range of arguments. */
class FastExpTest {

  @Test
  void floatIsWithinOneUlpOfMathExpDownToUnderflow() {
    SplittableRandom random = new SplittableRandom(11);
    int differ = 0;
    for (int i = 0; i < 2_000_000; i++) {
      float x = (float) -random.nextDouble(0, i % 2 == 0 ? 20 : 110);
      float exact = (float) Math.exp(x);
      float fast = FastExp.exp(x);
      assertThat(Math.abs(Float.floatToRawIntBits(fast) - Float.floatToRawIntBits(exact)))
          .as("exp(%s): %s vs %s", x, fast, exact)
          .isLessThanOrEqualTo(1);
      if (fast != exact) {
        differ++;
      }
    }
    assertThat(differ).as("results one ulp off").isLessThan(400_000);
  }

  @Test
  void doubleIsWithinTwoUlpOfMathExpDownToUnderflow() {
    SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < 2_000_000; i++) {
      double x = -random.nextDouble(0, i % 2 == 0 ? 40 : 760);
      double exact = Math.exp(x);
      double fast = FastExp.exp(x);
      assertThat(Math.abs(Double.doubleToRawLongBits(fast) - Double.doubleToRawLongBits(exact)))
          .as("exp(%s): %s vs %s", x, fast, exact)
          .isLessThanOrEqualTo(2);
    }
  }

  @Test
  void specialArguments() {
    assertThat(FastExp.exp(0f)).isEqualTo(1f);
    assertThat(FastExp.exp(-0f)).isEqualTo(1f);
    assertThat(FastExp.exp(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
    assertThat(Float.floatToRawIntBits(FastExp.exp(-200f))).isZero();
    assertThat(FastExp.exp(Float.NaN)).isNaN();
    assertThat(FastExp.exp(-100f)).isEqualTo((float) Math.exp(-100f)).isGreaterThan(0f);
    assertThat(FastExp.exp(0.0)).isEqualTo(1.0);
    assertThat(FastExp.exp(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
    assertThat(Double.doubleToRawLongBits(FastExp.exp(-2000.0))).isZero();
    assertThat(FastExp.exp(Double.NaN)).isNaN();
    assertThat(FastExp.exp(-740.0)).isEqualTo(Math.exp(-740.0)).isGreaterThan(0.0);
  }
}
