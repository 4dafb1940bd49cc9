package dev.nfiwatch.demo.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class BackendTest {

  /**
   * CI's machine has OpenBLAS (test.sh installs it): there the JNI path must really load, since
   * netlib would otherwise fall back to Java without a word and every figure would be off by 10×.
   */
  @Test
  void underCiTheProductsRunInTheSystemBlas() {
    assumeTrue("true".equals(System.getenv("CI")), "only checked under CI=true");

    Backend backend = Backend.resolve(Kernels.AUTO);

    assertThat(backend.isNative()).as(backend.description()).isTrue();
    assertThat(backend.key()).isEqualTo("netlib-jni");
    assertThat(backend.blas().getClass().getSimpleName()).isEqualTo("JNIBLAS");
    assertThat(backend.description()).contains("system BLAS").containsIgnoringCase("openblas");
    assertThat(Backend.resolve(Kernels.NATIVE).isNative()).isTrue();
  }

  @Test
  void autoNamesWhatItChose() {
    Backend backend = Backend.resolve(Kernels.AUTO);

    if (backend.isNative()) {
      assertThat(backend.description()).startsWith("netlib JNI → system BLAS ");
    } else {
      assertThat(backend.key()).isEqualTo("netlib-java");
      assertThat(backend.description()).contains("JNI path to a system BLAS");
    }
  }

  @Test
  void javaAndEjmlNeverUseNativeCode() {
    Backend java = Backend.resolve(Kernels.JAVA);
    Backend ejml = Backend.resolve(Kernels.EJML);

    assertThat(java.key()).isEqualTo("netlib-java");
    assertThat(java.isNative()).isFalse();
    assertThat(java.blas().getClass().getSimpleName()).doesNotContain("JNI");
    assertThat(ejml.key()).isEqualTo("ejml");
    assertThat(ejml.blas()).isNull();
  }
}
