package dev.nfiwatch.it.frameworks.dl4j;

import com.sun.management.ThreadMXBean;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.util.Locale;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.Indexer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compares three ways the {@code dl4j} probe could copy an ND4J float32 array (128 × 256, the
 * MNIST-shaped MLP's output-layer input at batch 128) into a reused {@code float[]}, through
 * {@code Object}-typed method handles as the agent calls them: {@code DataBuffer.getDouble} per
 * element (the probe before), the buffer's JavaCPP indexer in one bulk {@code get}, and an {@code
 * asNioFloat()} view with one bulk {@code get}. Prints the time and the bytes allocated per copy,
 * for several rounds. Not a test: BENCHMARKS.md, "Framework overhead".
 */
public final class Nd4jReadBenchmark {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int COPIES = 200;

  private Nd4jReadBenchmark() {}

  public static void main(String[] args) throws Throwable {
    INDArray array = Nd4j.rand(DataType.FLOAT, 128, 256);
    Object data = array.data();
    int n = 128 * 256;
    float[] out = new float[n];
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodHandle getDouble =
        lookup.findVirtual(DataBuffer.class, "getDouble", MethodType.methodType(double.class, long.class))
            .asType(MethodType.methodType(double.class, Object.class, long.class));
    MethodHandle indexer =
        lookup.findVirtual(DataBuffer.class, "indexer", MethodType.methodType(Indexer.class))
            .asType(MethodType.methodType(Object.class, Object.class));
    MethodHandle bulk =
        lookup.findVirtual(FloatIndexer.class, "get",
                MethodType.methodType(FloatIndexer.class, long.class, float[].class, int.class, int.class))
            .asType(MethodType.methodType(Object.class, Object.class, long.class, float[].class, int.class, int.class));
    MethodHandle nio =
        lookup.findVirtual(DataBuffer.class, "asNioFloat", MethodType.methodType(FloatBuffer.class))
            .asType(MethodType.methodType(Object.class, Object.class));
    for (int round = 0; round < 6; round++) {
      long t0 = System.nanoTime();
      long a0 = THREADS.getCurrentThreadAllocatedBytes();
      for (int r = 0; r < COPIES; r++) {
        for (int i = 0; i < n; i++) {
          out[i] = (float) (double) getDouble.invokeExact(data, (long) i);
        }
      }
      long t1 = System.nanoTime();
      long a1 = THREADS.getCurrentThreadAllocatedBytes();
      for (int r = 0; r < COPIES; r++) {
        Object ignored = bulk.invokeExact((Object) indexer.invokeExact(data), 0L, out, 0, n);
      }
      long t2 = System.nanoTime();
      long a2 = THREADS.getCurrentThreadAllocatedBytes();
      for (int r = 0; r < COPIES; r++) {
        ((FloatBuffer) (Object) nio.invokeExact(data)).get(0, out, 0, n);
      }
      long t3 = System.nanoTime();
      long a3 = THREADS.getCurrentThreadAllocatedBytes();
      System.out.printf(
          Locale.ROOT,
          "round %d, 32768 floats: getDouble per element %.1f us %d B | indexer bulk get %.1f us %d B"
              + " | asNioFloat view + bulk get %.1f us %d B (per copy)%n",
          round, (t1 - t0) / 1e3 / COPIES, (a1 - a0) / COPIES, (t2 - t1) / 1e3 / COPIES,
          (a2 - a1) / COPIES, (t3 - t2) / 1e3 / COPIES, (a3 - a2) / COPIES);
    }
  }
}
