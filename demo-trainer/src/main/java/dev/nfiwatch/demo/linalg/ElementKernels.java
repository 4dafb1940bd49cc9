package dev.nfiwatch.demo.linalg;

/**
 * The element-wise kernels that dominate a demo step once BLAS runs the products: the softmax
 * cross-entropy's probabilities of one row of logits, the statistics' sums of one row's {@code
 * exp(z − max)}, the best other logit of a row, the logit sum and column sums in double, and ReLU's backward.
 *
 * <p>Chosen once, when the class loads: {@link VectorElementKernels} (SIMD) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} on a CPU with 256-bit vectors, else {@link
 * ScalarElementKernels}, or when the system property {@value #SCALAR_PROPERTY} is {@code true}
 * (for side-by-side measurements). Both give the same bits, so a run's checksum does not depend on
 * the choice; {@link #KEY} and {@link #DESCRIPTION} say which one runs.
 */
public final class ElementKernels {

  /** Set to {@code true}, the scalar kernels run even where the Vector API could. */
  public static final String SCALAR_PROPERTY = "nfiwatch.demo.scalarKernels";

  private static final boolean VECTOR = vectorApiUsable() && !Boolean.getBoolean(SCALAR_PROPERTY);

  /** {@code vector} or {@code scalar}, for the {@code result:} line. */
  public static final String KEY = VECTOR ? "vector" : "scalar";

  /** One human-readable line saying which kernels run and why. */
  public static final String DESCRIPTION =
      VECTOR
          ? "Vector API, 256-bit lanes (jdk.incubator.vector)"
          : "scalar Java (" + whyScalar() + ")";

  private ElementKernels() {}

  /**
   * Writes {@code softmax(z[from … from+n−1])} into the same range of {@code out}: {@code e_k =
   * exp(z_k − max)} in float, divided by their sum.
   */
  public static void softmax(float[] z, int from, int n, float[] out) {
    if (VECTOR) {
      VectorElementKernels.softmax(z, from, n, out);
    } else {
      ScalarElementKernels.softmax(z, from, n, out);
    }
  }

  /** As {@link #softmax(float[], int, int, float[])}, in double. */
  public static void softmax(double[] z, int from, int n, double[] out) {
    if (VECTOR) {
      VectorElementKernels.softmax(z, from, n, out);
    } else {
      ScalarElementKernels.softmax(z, from, n, out);
    }
  }

  /**
   * {@code Σ exp(z_k − max)} over {@code z[from … from+n−1]}: each term {@link FastExp#exp(float)}
   * of the float difference (as the float softmax computes it, within 1 ulp of float), the sum in
   * double, so a term far below the largest still counts; {@code scratch} holds at least {@code
   * n} values the kernel may overwrite.
   */
  public static double sumExp(float[] z, int from, int n, float max, float[] scratch) {
    return VECTOR
        ? VectorElementKernels.sumExp(z, from, n, max, scratch)
        : ScalarElementKernels.sumExp(z, from, n, max);
  }

  /**
   * {@code Σ exp(z_k − max)} over {@code z[from … from+n−1]}, each term and the sum in double;
   * {@code scratch} as for float logits.
   */
  public static double sumExp(double[] z, int from, int n, double max, double[] scratch) {
    return VECTOR
        ? VectorElementKernels.sumExp(z, from, n, max, scratch)
        : ScalarElementKernels.sumExp(z, from, n, max);
  }

  /** {@code Σ z_k} over all of {@code z}, in double. */
  public static double sum(float[] z) {
    return VECTOR ? VectorElementKernels.sum(z) : ScalarElementKernels.sum(z);
  }

  /** As {@link #sum(float[])} for double values. */
  public static double sum(double[] z) {
    return VECTOR ? VectorElementKernels.sum(z) : ScalarElementKernels.sum(z);
  }

  /**
   * The largest of {@code z[from … to−1]} other than {@code z[target]}, {@code from ≤ target <
   * to} ({@code −∞} for none), with {@code Math.max}'s rules: the logit gap's best other class.
   */
  public static float bestOther(float[] z, int from, int target, int to) {
    return VECTOR
        ? VectorElementKernels.bestOther(z, from, target, to)
        : ScalarElementKernels.bestOther(z, from, target, to);
  }

  /** As {@link #bestOther(float[], int, int, int)} for double values. */
  public static double bestOther(double[] z, int from, int target, int to) {
    return VECTOR
        ? VectorElementKernels.bestOther(z, from, target, to)
        : ScalarElementKernels.bestOther(z, from, target, to);
  }

  /**
   * ReLU's backward: keeps {@code g[k]}'s bits where {@code 0 < a[k] ≤ +∞}, else writes {@code +0},
   * i.e. {@code a > 0 ? g : 0} for every input without NaN (NaN in, NaN out); {@code k < n}. The
   * same plain loop on both paths, which C2 vectorises itself: the Vector API forms of it boxed in
   * some C2 compiles (BENCHMARKS.md).
   */
  public static void reluBackward(float[] g, float[] a, int n) {
    ScalarElementKernels.reluBackward(g, a, 0, n);
  }

  /** As {@link #reluBackward(float[], float[], int)} in double. */
  public static void reluBackward(double[] g, double[] a, int n) {
    ScalarElementKernels.reluBackward(g, a, 0, n);
  }

  /**
   * Writes the column sums of the row-major {@code rows × sums.length} matrix {@code m} into
   * {@code sums}, in double, each column summed from row 0 down.
   */
  public static void sumColumns(float[] m, int rows, double[] sums) {
    if (VECTOR) {
      VectorElementKernels.sumColumns(m, rows, sums);
    } else {
      ScalarElementKernels.sumColumns(m, rows, sums);
    }
  }

  /**
   * {@code sums[j] = Σ m[i][j]} in float for a row-major {@code rows × sums.length} matrix, each
   * column added from row 0 down (EJML's {@code sumCols} order, so the same bits).
   */
  public static void sumColumns(float[] m, int rows, float[] sums) {
    ScalarElementKernels.sumRows(m, sums.length, null, 0, rows, sums, 0);
  }

  /**
   * Row {@code t} of the row-major {@code table} ({@code cols} wide) becomes the sum of the rows of
   * {@code m} in group {@code t}, added in batch order from 0 (0 for an empty group): the same bits
   * as zeroing the table and adding each row of {@code m} to its table row in turn.
   */
  public static void scatterAdd(float[] m, int cols, RowGroups groups, float[] table) {
    for (int t = 0; t < groups.groups(); t++) {
      ScalarElementKernels.sumRows(
          m, cols, groups.order, groups.start[t], groups.start[t + 1], table, t * cols);
    }
  }

  /** As {@link #scatterAdd(float[], int, RowGroups, float[])} in double. */
  public static void scatterAdd(double[] m, int cols, RowGroups groups, double[] table) {
    for (int t = 0; t < groups.groups(); t++) {
      ScalarElementKernels.sumRows(
          m, cols, groups.order, groups.start[t], groups.start[t + 1], table, t * cols);
    }
  }

  /**
   * As {@link #sumColumns(float[], int, double[])} for a double matrix (the statistics' column
   * sums and the fp64 bias gradients), sixteen columns at a time in registers: the bits of adding
   * row by row.
   */
  public static void sumColumns(double[] m, int rows, double[] sums) {
    ScalarElementKernels.sumRows(m, sums.length, null, 0, rows, sums, 0);
  }

  private static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  private static String whyScalar() {
    if (!vectorModulePresent()) {
      return "run java with --add-modules jdk.incubator.vector for SIMD";
    }
    return Boolean.getBoolean(SCALAR_PROPERTY)
        ? "-D" + SCALAR_PROPERTY + "=true"
        : "this CPU has no 256-bit vectors";
  }

  private static boolean vectorApiUsable() {
    return vectorModulePresent() && VectorElementKernels.supported();
  }
}
