package dev.nfiwatch.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.demo.linalg.ElementKernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shaded {@code nfiwatch-demo.jar} as users run it: it must carry netlib's JNI library and the
 * f2j classes its JNI path needs, or the demo falls back to Java without anyone asking for it.
 */
class DemoJarIT {

  private static final Path JAR = Path.of(System.getProperty("nfiwatch.it.demoJar"));

  @Test
  void theShadedJarTrainsAndNamesItsBackend() throws Exception {
    assertThat(JAR).exists();
    assertThat(Files.size(JAR)).isPositive();

    ForkedDemo run = ForkedDemo.runJar(JAR, Map.of("OPENBLAS_NUM_THREADS", "1"), "--steps", "50");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("nfiwatch demo: matrix products: ");
    assertThat(run.result("steps")).isEqualTo("50");
    assertThat(run.output()).contains("nfiwatch demo: element-wise kernels: ");
    assertThat(run.result("elements")).isEqualTo(ElementKernels.KEY);
    if ("true".equals(System.getenv("CI"))) {
      assertThat(run.result("backend")).as(run.output()).isEqualTo("netlib-jni");
      assertThat(run.output()).contains("netlib JNI → system BLAS ", "OPENBLAS_NUM_THREADS=1");
    }
  }
}
