package dev.nfiwatch.demo.linalg;

import static dev.nfiwatch.demo.linalg.FastExp.D_BIASED;
import static dev.nfiwatch.demo.linalg.FastExp.D_EXPONENT_SHIFT;
import static dev.nfiwatch.demo.linalg.FastExp.D_FLOOR;
import static dev.nfiwatch.demo.linalg.FastExp.D_LN2_HI;
import static dev.nfiwatch.demo.linalg.FastExp.D_LN2_LO;
import static dev.nfiwatch.demo.linalg.FastExp.D_LOG2E;
import static dev.nfiwatch.demo.linalg.FastExp.D_SHIFT;
import static dev.nfiwatch.demo.linalg.FastExp.D_TAYLOR;
import static dev.nfiwatch.demo.linalg.FastExp.F_BIASED;
import static dev.nfiwatch.demo.linalg.FastExp.F_EXPONENT_SHIFT;
import static dev.nfiwatch.demo.linalg.FastExp.F_FLOOR;
import static dev.nfiwatch.demo.linalg.FastExp.F_LN2_HI;
import static dev.nfiwatch.demo.linalg.FastExp.F_LN2_LO;
import static dev.nfiwatch.demo.linalg.FastExp.F_LOG2E;
import static dev.nfiwatch.demo.linalg.FastExp.F_P0;
import static dev.nfiwatch.demo.linalg.FastExp.F_P1;
import static dev.nfiwatch.demo.linalg.FastExp.F_P2;
import static dev.nfiwatch.demo.linalg.FastExp.F_P3;
import static dev.nfiwatch.demo.linalg.FastExp.F_P4;
import static dev.nfiwatch.demo.linalg.FastExp.F_P5;
import static dev.nfiwatch.demo.linalg.FastExp.F_SHIFT;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ScalarElementKernels} on 256-bit lanes of the JDK's Vector API, giving the same bits: the
 * 8 float or 4 double running sums of a row are the lanes of one vector, added lane by lane in the
 * same order, and the exponentials are {@link FastExp}'s formula lane by lane (never the Vector
 * API's own {@code EXP}, which exists only in C2-compiled code and rounds differently elsewhere).
 * Row tails shorter than a vector run {@link FastExp} in scalar code.
 *
 * <p>Every vector lives inside one small static method and never crosses a call: the JIT boxes a
 * vector on the heap when it passes one to, or returns one from, a method it did not inline, and
 * the training step must not allocate. For the same reason no kernel here uses a vector mask or an
 * integer lane shift other than the exponent's: C2 left a mask's {@code blend} and a {@code
 * LongVector} {@code ASHR} unintrinsified (boxed) in some compiles, so ReLU's backward is a plain
 * loop C2 vectorises itself ({@link ElementKernels}).
 */
final class VectorElementKernels {

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final VectorSpecies<Float> F_HALF = FloatVector.SPECIES_128;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
  private static final int FL = F.length();
  private static final int DL = D.length();

  private VectorElementKernels() {}

  /** Whether this CPU runs 256-bit float vectors in hardware (else the lanes would be boxed). */
  static boolean supported() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= F.vectorBitSize();
  }

  static void softmax(float[] z, int from, int n, float[] out) {
    int to = from + n;
    int blocksEnd = to - n % FL;
    float max = max(z, from, to);
    exp(z, from, out, from, blocksEnd - from, max);
    float sum = laneOrderedSum(out, from, blocksEnd);
    for (int k = blocksEnd; k < to; k++) {
      sum += out[k] = FastExp.exp(z[k] - max);
    }
    divide(out, from, to, sum);
  }

  static void softmax(double[] z, int from, int n, double[] out) {
    int to = from + n;
    int blocksEnd = to - n % DL;
    double max = max(z, from, to);
    exp(z, from, out, from, blocksEnd - from, max);
    double sum = laneOrderedSum(out, from, blocksEnd);
    for (int k = blocksEnd; k < to; k++) {
      sum += out[k] = FastExp.exp(z[k] - max);
    }
    divide(out, from, to, sum);
  }

  /**
   * The float terms are made by the softmax's kernel into {@code scratch}, then widened four at a
   * time into the double lanes. (Widening both halves of the 8-lane terms in registers, {@code
   * convertShape} parts 0 and 1, boxed: 2.5 MB per reference step in JMH on JDK 17.)
   */
  static double sumExp(float[] z, int from, int n, float max, float[] scratch) {
    int blocks = n - n % FL;
    exp(z, from, scratch, 0, blocks, max);
    double sum = widenedLaneSum(scratch, blocks);
    for (int k = from + blocks; k < from + n; k++) {
      sum += FastExp.exp(z[k] - max);
    }
    return sum;
  }

  static double sumExp(double[] z, int from, int n, double max, double[] scratch) {
    int blocks = n - n % DL;
    exp(z, from, scratch, 0, blocks, max);
    double sum = laneOrderedSum(scratch, 0, blocks);
    for (int k = from + blocks; k < from + n; k++) {
      sum += FastExp.exp(z[k] - max);
    }
    return sum;
  }

  static float max(float[] z, int from, int to) {
    int blocksEnd = to - (to - from) % FL;
    FloatVector lanes = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    for (int k = from; k < blocksEnd; k += FL) {
      lanes = lanes.max(FloatVector.fromArray(F, z, k));
    }
    float max = Float.NEGATIVE_INFINITY;
    for (int lane = 0; lane < FL; lane++) {
      max = Math.max(max, lanes.lane(lane));
    }
    for (int k = blocksEnd; k < to; k++) {
      max = Math.max(max, z[k]);
    }
    return max;
  }

  static double max(double[] z, int from, int to) {
    int blocksEnd = to - (to - from) % DL;
    DoubleVector lanes = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
    for (int k = from; k < blocksEnd; k += DL) {
      lanes = lanes.max(DoubleVector.fromArray(D, z, k));
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int lane = 0; lane < DL; lane++) {
      max = Math.max(max, lanes.lane(lane));
    }
    for (int k = blocksEnd; k < to; k++) {
      max = Math.max(max, z[k]);
    }
    return max;
  }

  static double sum(float[] z) {
    int blocksEnd = z.length - z.length % DL;
    DoubleVector lanes = DoubleVector.zero(D);
    for (int k = 0; k < blocksEnd; k += DL) {
      lanes = lanes.add(FloatVector.fromArray(F_HALF, z, k).convertShape(VectorOperators.F2D, D, 0));
    }
    double sum = lanes.lane(0);
    for (int lane = 1; lane < DL; lane++) {
      sum += lanes.lane(lane);
    }
    for (int k = blocksEnd; k < z.length; k++) {
      sum += z[k];
    }
    return sum;
  }

  static double sum(double[] z) {
    double sum = laneOrderedSum(z, 0, z.length - z.length % DL);
    for (int k = z.length - z.length % DL; k < z.length; k++) {
      sum += z[k];
    }
    return sum;
  }

  /**
   * The best of {@code z[from … to−1]} other than {@code z[target]}, as {@link
   * ScalarElementKernels#bestOther}: one pass keeps each lane's two largest ({@code t2 = max(t2,
   * min(t1, v)); t1 = max(t1, v)}, which with {@code Math.max}'s order, {@code −0 < +0}, selects
   * exactly), the lanes' pairs and the tail are merged by the same rule, and the target drops out
   * as one copy of the largest when it has the largest's bits. A NaN anywhere makes the largest
   * NaN; then the two segments are scanned as the scalar kernel does.
   */
  static float bestOther(float[] z, int from, int target, int to) {
    int blocksEnd = to - (to - from) % FL;
    FloatVector first = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    FloatVector second = first;
    for (int k = from; k < blocksEnd; k += FL) {
      FloatVector v = FloatVector.fromArray(F, z, k);
      second = second.max(first.min(v));
      first = first.max(v);
    }
    float top1 = Float.NEGATIVE_INFINITY;
    float top2 = Float.NEGATIVE_INFINITY;
    for (int lane = 0; lane < FL; lane++) {
      float a = first.lane(lane);
      float b = second.lane(lane);
      top2 = Math.max(top2, Math.min(top1, a));
      top1 = Math.max(top1, a);
      top2 = Math.max(top2, Math.min(top1, b));
    }
    for (int k = blocksEnd; k < to; k++) {
      top2 = Math.max(top2, Math.min(top1, z[k]));
      top1 = Math.max(top1, z[k]);
    }
    if (Float.isNaN(top1)) {
      return Math.max(max(z, from, target), max(z, target + 1, to));
    }
    return Float.floatToRawIntBits(z[target]) == Float.floatToRawIntBits(top1) ? top2 : top1;
  }

  /** As {@link #bestOther(float[], int, int, int)} for double values. */
  static double bestOther(double[] z, int from, int target, int to) {
    int blocksEnd = to - (to - from) % DL;
    DoubleVector first = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
    DoubleVector second = first;
    for (int k = from; k < blocksEnd; k += DL) {
      DoubleVector v = DoubleVector.fromArray(D, z, k);
      second = second.max(first.min(v));
      first = first.max(v);
    }
    double top1 = Double.NEGATIVE_INFINITY;
    double top2 = Double.NEGATIVE_INFINITY;
    for (int lane = 0; lane < DL; lane++) {
      double a = first.lane(lane);
      double b = second.lane(lane);
      top2 = Math.max(top2, Math.min(top1, a));
      top1 = Math.max(top1, a);
      top2 = Math.max(top2, Math.min(top1, b));
    }
    for (int k = blocksEnd; k < to; k++) {
      top2 = Math.max(top2, Math.min(top1, z[k]));
      top1 = Math.max(top1, z[k]);
    }
    if (Double.isNaN(top1)) {
      return Math.max(max(z, from, target), max(z, target + 1, to));
    }
    return Double.doubleToRawLongBits(z[target]) == Double.doubleToRawLongBits(top1) ? top2 : top1;
  }

  static void sumColumns(float[] m, int rows, double[] sums) {
    int cols = sums.length;
    int blocksEnd = cols - cols % DL;
    Arrays.fill(sums, 0.0);
    for (int i = 0; i < rows; i++) {
      int row = i * cols;
      for (int j = 0; j < blocksEnd; j += DL) {
        DoubleVector.fromArray(D, sums, j)
            .add(FloatVector.fromArray(F_HALF, m, row + j).convertShape(VectorOperators.F2D, D, 0))
            .intoArray(sums, j);
      }
      for (int j = blocksEnd; j < cols; j++) {
        sums[j] += m[row + j];
      }
    }
  }

  /**
   * {@code out[to + i] = FastExp.exp(z[from + i] − max)} for {@code 0 ≤ i < count}, a whole number
   * of vectors; {@code z} and {@code out} may be the same range. Every constant is a vector made
   * before the loop, and the only integer lane operations are the two shifts into the exponent
   * field.
   */
  private static void exp(float[] z, int from, float[] out, int to, int count, float max) {
    FloatVector top = FloatVector.broadcast(F, max);
    FloatVector floor = FloatVector.broadcast(F, F_FLOOR);
    FloatVector log2e = FloatVector.broadcast(F, F_LOG2E);
    FloatVector shift = FloatVector.broadcast(F, F_SHIFT);
    FloatVector ln2Hi = FloatVector.broadcast(F, F_LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(F, F_LN2_LO);
    FloatVector p0 = FloatVector.broadcast(F, F_P0);
    FloatVector p1 = FloatVector.broadcast(F, F_P1);
    FloatVector p2 = FloatVector.broadcast(F, F_P2);
    FloatVector p3 = FloatVector.broadcast(F, F_P3);
    FloatVector p4 = FloatVector.broadcast(F, F_P4);
    FloatVector p5 = FloatVector.broadcast(F, F_P5);
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector minusHalf = FloatVector.broadcast(F, -0.5f);
    FloatVector biased = FloatVector.broadcast(F, F_BIASED);
    FloatVector twiceBiased = FloatVector.broadcast(F, F_BIASED + 127);
    for (int i = 0; i < count; i += FL) {
      FloatVector x = FloatVector.fromArray(F, z, from + i).sub(top).max(floor);
      FloatVector shifted = x.fma(log2e, shift);
      FloatVector minusN = shift.sub(shifted);
      FloatVector r = minusN.fma(ln2Hi, x);
      r = minusN.fma(ln2Lo, r);
      FloatVector p = p0.fma(r, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
      FloatVector er = r.mul(r).fma(p, r).add(one);
      FloatVector high = minusN.fma(minusHalf, biased);
      FloatVector low = shifted.sub(high).add(twiceBiased);
      FloatVector scaleHigh =
          high.reinterpretAsInts().lanewise(VectorOperators.LSHL, F_EXPONENT_SHIFT)
              .reinterpretAsFloats();
      FloatVector scaleLow =
          low.reinterpretAsInts().lanewise(VectorOperators.LSHL, F_EXPONENT_SHIFT)
              .reinterpretAsFloats();
      er.mul(scaleHigh).mul(scaleLow).intoArray(out, to + i);
    }
  }

  /**
   * {@code out[to + i] = FastExp.exp(z[from + i] − max)} for {@code 0 ≤ i < count}, a whole number
   * of vectors; {@code z} and {@code out} may be the same range. Constants as in the float form.
   */
  private static void exp(double[] z, int from, double[] out, int to, int count, double max) {
    DoubleVector top = DoubleVector.broadcast(D, max);
    DoubleVector floor = DoubleVector.broadcast(D, D_FLOOR);
    DoubleVector log2e = DoubleVector.broadcast(D, D_LOG2E);
    DoubleVector shift = DoubleVector.broadcast(D, D_SHIFT);
    DoubleVector ln2Hi = DoubleVector.broadcast(D, D_LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(D, D_LN2_LO);
    double[] c = D_TAYLOR;
    DoubleVector c0 = DoubleVector.broadcast(D, c[0]);
    DoubleVector c1 = DoubleVector.broadcast(D, c[1]);
    DoubleVector c2 = DoubleVector.broadcast(D, c[2]);
    DoubleVector c3 = DoubleVector.broadcast(D, c[3]);
    DoubleVector c4 = DoubleVector.broadcast(D, c[4]);
    DoubleVector c5 = DoubleVector.broadcast(D, c[5]);
    DoubleVector c6 = DoubleVector.broadcast(D, c[6]);
    DoubleVector c7 = DoubleVector.broadcast(D, c[7]);
    DoubleVector c8 = DoubleVector.broadcast(D, c[8]);
    DoubleVector c9 = DoubleVector.broadcast(D, c[9]);
    DoubleVector c10 = DoubleVector.broadcast(D, c[10]);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    DoubleVector minusHalf = DoubleVector.broadcast(D, -0.5);
    DoubleVector biased = DoubleVector.broadcast(D, D_BIASED);
    DoubleVector twiceBiased = DoubleVector.broadcast(D, D_BIASED + 1023);
    for (int i = 0; i < count; i += DL) {
      DoubleVector x = DoubleVector.fromArray(D, z, from + i).sub(top).max(floor);
      DoubleVector shifted = x.fma(log2e, shift);
      DoubleVector minusN = shift.sub(shifted);
      DoubleVector r = minusN.fma(ln2Hi, x);
      r = minusN.fma(ln2Lo, r);
      DoubleVector p = c10.fma(r, c9).fma(r, c8).fma(r, c7).fma(r, c6).fma(r, c5).fma(r, c4)
          .fma(r, c3).fma(r, c2).fma(r, c1).fma(r, c0);
      DoubleVector er = r.mul(r).fma(p, r).add(one);
      DoubleVector high = minusN.fma(minusHalf, biased);
      DoubleVector low = shifted.sub(high).add(twiceBiased);
      DoubleVector scaleHigh =
          high.reinterpretAsLongs().lanewise(VectorOperators.LSHL, D_EXPONENT_SHIFT)
              .reinterpretAsDoubles();
      DoubleVector scaleLow =
          low.reinterpretAsLongs().lanewise(VectorOperators.LSHL, D_EXPONENT_SHIFT)
              .reinterpretAsDoubles();
      er.mul(scaleHigh).mul(scaleLow).intoArray(out, to + i);
    }
  }

  /**
   * {@code a[0 … count−1]} widened to double four at a time and summed as {@link
   * #laneOrderedSum(double[], int, int)}.
   */
  private static double widenedLaneSum(float[] a, int count) {
    DoubleVector lanes = DoubleVector.zero(D);
    for (int k = 0; k < count; k += DL) {
      lanes = lanes.add((DoubleVector) FloatVector.fromArray(F_HALF, a, k)
          .convertShape(VectorOperators.F2D, D, 0));
    }
    double sum = lanes.lane(0);
    for (int lane = 1; lane < DL; lane++) {
      sum += lanes.lane(lane);
    }
    return sum;
  }

  /** The 8 lane sums of {@code a[from … to−1]} (whole vectors), then added lane by lane. */
  private static float laneOrderedSum(float[] a, int from, int to) {
    FloatVector lanes = FloatVector.zero(F);
    for (int k = from; k < to; k += FL) {
      lanes = lanes.add(FloatVector.fromArray(F, a, k));
    }
    float sum = lanes.lane(0);
    for (int lane = 1; lane < FL; lane++) {
      sum += lanes.lane(lane);
    }
    return sum;
  }

  /** As {@link #laneOrderedSum(float[], int, int)} with 4 double lanes. */
  private static double laneOrderedSum(double[] a, int from, int to) {
    DoubleVector lanes = DoubleVector.zero(D);
    for (int k = from; k < to; k += DL) {
      lanes = lanes.add(DoubleVector.fromArray(D, a, k));
    }
    double sum = lanes.lane(0);
    for (int lane = 1; lane < DL; lane++) {
      sum += lanes.lane(lane);
    }
    return sum;
  }

  private static void divide(float[] out, int from, int to, float sum) {
    int blocksEnd = to - (to - from) % FL;
    FloatVector divisor = FloatVector.broadcast(F, sum);
    for (int k = from; k < blocksEnd; k += FL) {
      FloatVector.fromArray(F, out, k).div(divisor).intoArray(out, k);
    }
    for (int k = blocksEnd; k < to; k++) {
      out[k] /= sum;
    }
  }

  private static void divide(double[] out, int from, int to, double sum) {
    int blocksEnd = to - (to - from) % DL;
    DoubleVector divisor = DoubleVector.broadcast(D, sum);
    for (int k = from; k < blocksEnd; k += DL) {
      DoubleVector.fromArray(D, out, k).div(divisor).intoArray(out, k);
    }
    for (int k = blocksEnd; k < to; k++) {
      out[k] /= sum;
    }
  }
}
