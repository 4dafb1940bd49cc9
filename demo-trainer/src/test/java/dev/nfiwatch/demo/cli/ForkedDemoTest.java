package dev.nfiwatch.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nfiwatch.demo.linalg.Backend;
import dev.nfiwatch.demo.linalg.ElementKernels;
import dev.nfiwatch.demo.linalg.Kernels;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * What the demo does in a JVM of its own: native library or not, heap limit, OpenBLAS threads and
 * kernels.
 */
class ForkedDemoTest {

  /** A name no system has, so netlib's JNI path cannot find a BLAS: a machine without OpenBLAS. */
  private static final List<String> NO_BLAS =
      List.of("-Ddev.ludovic.netlib.blas.nativeLib=libnfiwatch-no-such-blas.so.3");

  private static final String[] SHORT = {"--steps", "30", "--eval-every", "10"};

  @Test
  void withoutASystemBlasTheDemoTrainsInJavaAndSaysSo() throws Exception {
    ForkedDemo run = ForkedDemo.run(NO_BLAS, Map.of(), SHORT);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("nfiwatch demo: matrix products: netlib's Java kernels: its JNI path to a"
            + " system BLAS (libblas.so.3) did not load");
    assertThat(run.output().lines().filter(line -> line.contains("WARNING")))
        .allMatch(line -> line.equals("WARNING: Using incubator modules: jdk.incubator.vector"));
    assertThat(run.result("backend")).isEqualTo("netlib-java");
    assertThat(run.result("steps")).isEqualTo("30");
  }

  @Test
  void kernelsNativeWithoutASystemBlasIsABadOption() throws Exception {
    ForkedDemo run = ForkedDemo.run(NO_BLAS, Map.of(), "--steps", "3", "--kernels", "native");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output())
        .contains("nfiwatch-demo: --kernels native: the system BLAS (libblas.so.3")
        .doesNotContain("result:");
  }

  /**
   * The Vector API's element kernels (this test run has {@code jdk.incubator.vector}, and so has
   * the fork) train the very run the scalar ones do.
   */
  @Test
  void theVectorAndTheScalarElementKernelsTrainTheSameRun() throws Exception {
    assumeTrue(ElementKernels.KEY.equals("vector"), "the Vector API does not run here");
    for (String precision : new String[] {"fp32", "fp64"}) {
      String[] args = {"--steps", "300", "--eval-every", "50", "--precision", precision};
      ForkedDemo vector = ForkedDemo.run(List.of(), Map.of(), args);
      ForkedDemo scalar =
          ForkedDemo.run(List.of("-D" + ElementKernels.SCALAR_PROPERTY + "=true"), Map.of(), args);

      assertThat(vector.output()).contains("nfiwatch demo: element-wise kernels: Vector API");
      assertThat(vector.result("elements")).isEqualTo("vector");
      assertThat(scalar.result("elements")).isEqualTo("scalar");
      assertThat(vector.result("checksum")).as(precision).isEqualTo(scalar.result("checksum"));
    }
  }

  /** The reference preset (2822 examples, width 128) fits in 512 MiB of heap. */
  @Test
  void theReferencePresetRunsInHalfAGibibyteOfHeap() throws Exception {
    ForkedDemo run =
        ForkedDemo.run(
            List.of("-Xmx512m"), Map.of(), "--preset", "reference", "--steps", "5",
            "--eval-every", "2");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.result("steps")).isEqualTo("5");
  }

  /**
   * OpenBLAS runs the kernels OPENBLAS_CORETYPE names instead of those it detects (some machines
   * set it, and OPENBLAS_L2_SIZE, for older OpenBLAS builds that fail on their CPUs; the test
   * inherits whatever this machine sets and changes neither). The start-up line names them, and
   * OpenBLAS's own report (its OPENBLAS_VERBOSE line) shows the kernels it loaded; with neither
   * variable set the line names neither.
   */
  @Test
  void theStartUpLineNamesTheOpenBlasKernelsTheEnvironmentChose() throws Exception {
    assumeTrue(Backend.resolve(Kernels.AUTO).isNative(), "no system BLAS on this machine");
    Map<String, String> env = Map.of("OPENBLAS_NUM_THREADS", "1", "OPENBLAS_VERBOSE", "2");
    ForkedDemo run = ForkedDemo.run(List.of(), env, "--steps", "3");

    assertThat(run.exitCode()).as(run.output()).isZero();
    String startUp =
        run.output().lines().filter(line -> line.contains("matrix products:")).findFirst()
            .orElseThrow();
    String core = System.getenv("OPENBLAS_CORETYPE");
    if (core == null || core.isEmpty()) {
      assertThat(startUp).doesNotContain("OPENBLAS_CORETYPE");
    } else {
      assertThat(startUp).contains("OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE=" + core);
      assertThat(run.output().lines().filter(line -> line.startsWith("Core: ")))
          .as(run.output())
          .singleElement(InstanceOfAssertFactories.STRING)
          .isEqualToIgnoringCase("Core: " + core);
    }
    String l2 = System.getenv("OPENBLAS_L2_SIZE");
    if (l2 == null || l2.isEmpty()) {
      assertThat(startUp).doesNotContain("OPENBLAS_L2_SIZE");
    } else {
      assertThat(startUp).contains("OPENBLAS_L2_SIZE=" + l2);
    }
  }

  /**
   * OpenBLAS splits a product among its threads (OPENBLAS_NUM_THREADS, read when it loads), so runs
   * repeat bit for bit at each thread count, and the run with one thread is the one the README's
   * figures are for. Whether two threads give the same bits as one is OpenBLAS's business: not
   * promised, not tested.
   */
  @Test
  void nativeRunsRepeatAtEachOpenBlasThreadCount() throws Exception {
    assumeTrue(Backend.resolve(Kernels.AUTO).isNative(), "no system BLAS on this machine");
    for (String threads : new String[] {"1", "2"}) {
      Map<String, String> env = Map.of("OPENBLAS_NUM_THREADS", threads);
      ForkedDemo first = ForkedDemo.run(List.of(), env, "--steps", "200", "--eval-every", "50");
      ForkedDemo second = ForkedDemo.run(List.of(), env, "--steps", "200", "--eval-every", "50");

      assertThat(first.output()).contains("OPENBLAS_NUM_THREADS=" + threads);
      assertThat(first.result("backend")).isEqualTo("netlib-jni");
      assertThat(second.result("checksum")).as("threads %s", threads)
          .isEqualTo(first.result("checksum"));
    }
  }
}
