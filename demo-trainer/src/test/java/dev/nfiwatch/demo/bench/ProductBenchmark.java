package dev.nfiwatch.demo.bench;

import dev.nfiwatch.demo.linalg.Backend;
import dev.nfiwatch.demo.linalg.DoubleOps;
import dev.nfiwatch.demo.linalg.FloatOps;
import dev.nfiwatch.demo.linalg.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference preset's hidden-layer forward product, {@code (2822 × 128) · (128 × 128)ᵀ}, by each
 * candidate backend, in the demo's own buffers: EJML's kernels, netlib's JNI path to the system
 * BLAS, netlib's Java kernels, and bytedeco's OpenBLAS (its own bundled build, reached through
 * JavaCPP, which copies each Java array in and out of native memory on every call). ≈ 92 MFLOP
 * per call: GFLOP/s = 92.5 / (ms per call).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProductBenchmark {

  private static final int BATCH = 2822;
  private static final int WIDTH = 128;

  @Param({"ejml", "netlib-jni", "netlib-java", "bytedeco"})
  public String backend;

  @Param({"fp32", "fp64"})
  public String precision;

  /**
   * {@code normal}, or {@code subnormal}: every other entry of the left operand is a subnormal
   * (1e-40f, 1e-310), as gradients that underflowed are after NFI.
   */
  @Param({"normal"})
  public String values;

  private FloatOps floatOps;
  private DoubleOps doubleOps;
  private FMatrixRMaj fa;
  private FMatrixRMaj fb;
  private FMatrixRMaj fc;
  private DMatrixRMaj da;
  private DMatrixRMaj db;
  private DMatrixRMaj dc;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    fa = new FMatrixRMaj(BATCH, WIDTH);
    fb = new FMatrixRMaj(WIDTH, WIDTH);
    fc = new FMatrixRMaj(BATCH, WIDTH);
    da = new DMatrixRMaj(BATCH, WIDTH);
    db = new DMatrixRMaj(WIDTH, WIDTH);
    dc = new DMatrixRMaj(BATCH, WIDTH);
    for (int i = 0; i < fa.data.length; i++) {
      da.data[i] = random.nextDouble(-1, 1);
      fa.data[i] = (float) da.data[i];
    }
    if ("subnormal".equals(values)) {
      for (int i = 0; i < fa.data.length; i += 2) {
        fa.data[i] = 1e-40f;
        da.data[i] = 1e-310;
      }
    }
    for (int i = 0; i < fb.data.length; i++) {
      db.data[i] = random.nextDouble(-1, 1);
      fb.data[i] = (float) db.data[i];
    }
    Kernels kernels =
        switch (backend) {
          case "netlib-jni" -> Kernels.NATIVE;
          case "netlib-java" -> Kernels.JAVA;
          default -> Kernels.EJML;
        };
    floatOps = new FloatOps(Backend.resolve(kernels), false);
    doubleOps = new DoubleOps(Backend.resolve(kernels), false);
  }

  @Benchmark
  public Object forwardProduct() {
    boolean fp32 = "fp32".equals(precision);
    if ("bytedeco".equals(backend)) {
      if (fp32) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
            openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasTrans, BATCH, WIDTH, WIDTH, 1f,
            fa.data, WIDTH, fb.data, WIDTH, 1f, fc.data, WIDTH);
      } else {
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor,
            openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasTrans, BATCH, WIDTH, WIDTH, 1.0,
            da.data, WIDTH, db.data, WIDTH, 1.0, dc.data, WIDTH);
      }
    } else if (fp32) {
      floatOps.multAddTransB(fa, fb, fc);
    } else {
      doubleOps.multAddTransB(da, db, dc);
    }
    return fp32 ? fc : dc;
  }
}
