package dev.nfiwatch.demo.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The matrix-product backend a run uses, resolved once from a {@link Kernels} choice: the netlib
 * BLAS instance (none for EJML), a short key for the {@code result:} line and the start-up line
 * that names it, so a silent fallback from native to Java is always visible.
 *
 * @param key {@code netlib-jni}, {@code netlib-java} or {@code ejml}
 * @param blas the netlib BLAS, or null for EJML's kernels
 * @param description one human-readable line saying what runs the products and why
 */
public record Backend(String key, BLAS blas, String description) {

  /** The key of netlib's JNI path to the system BLAS. */
  public static final String NATIVE_KEY = "netlib-jni";

  /** Whether the products run in native code. */
  public boolean isNative() {
    return NATIVE_KEY.equals(key);
  }

  /**
   * Resolves {@code kernels}.
   *
   * @throws IllegalStateException when {@code kernels} is {@link Kernels#NATIVE} and the system BLAS
   *     cannot be loaded
   */
  public static Backend resolve(Kernels kernels) {
    if (kernels == Kernels.EJML) {
      return new Backend("ejml", null, "EJML's own kernels");
    }
    if (kernels == Kernels.JAVA) {
      return java("netlib's Java kernels (--kernels java)");
    }
    Optional<BLAS> loaded = NativeBlas.load();
    if (loaded.isPresent()) {
      return new Backend(
          NATIVE_KEY,
          loaded.get(),
          "netlib JNI → system BLAS " + NativeBlas.loadedLibrary().orElse("libblas.so.3")
              + ", " + NativeBlas.environmentDescription());
    }
    if (kernels == Kernels.NATIVE) {
      throw new IllegalStateException(
          "--kernels native: the system BLAS (libblas.so.3, e.g. Debian's libopenblas0) could not"
              + " be loaded; install it or use --kernels auto");
    }
    return java("netlib's Java kernels: its JNI path to a system BLAS (libblas.so.3) did not load;"
        + " install libopenblas0 for native speed");
  }

  private static Backend java(String why) {
    NativeBlas.NETLIB_LOG.setLevel(Level.SEVERE);
    BLAS blas = JavaBLAS.getInstance();
    return new Backend("netlib-java", blas, why + " [" + blas.getClass().getSimpleName() + "]");
  }

  /** Loads netlib's JNI BLAS and finds which library file it opened. */
  private static final class NativeBlas {

    /**
     * netlib's loader logs each implementation it could not load (the Vector API one on every JVM
     * without {@code jdk.incubator.vector}) as a JUL warning on stderr; the start-up line says what
     * was chosen instead. Held here so the logger and its level are not collected.
     */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas");
    /** OpenBLAS's overrides of what it detects: its kernels' CPU type and the L2 size it blocks for. */
    private static final List<String> KERNEL_VARIABLES =
        List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

    private NativeBlas() {}

    static Optional<BLAS> load() {
      NETLIB_LOG.setLevel(Level.SEVERE);
      try {
        return Optional.of(NativeBLAS.getInstance());
      } catch (RuntimeException | LinkageError e) {
        return Optional.empty();
      }
    }

    /** The BLAS library mapped into this process (Linux's /proc/self/maps), if it can be read. */
    static Optional<String> loadedLibrary() {
      try {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .map(line -> line.substring(line.lastIndexOf(' ') + 1))
            .filter(file -> file.contains("blas") && !file.contains("netlibblasjni"))
            .findFirst();
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }

    /**
     * The environment OpenBLAS read when it loaded: its thread count and, where set, the kernels
     * and cache size it was told to use instead of those it finds for the CPU (both decide a
     * product's speed and last bits).
     */
    static String environmentDescription() {
      String threads = System.getenv("OPENBLAS_NUM_THREADS");
      StringBuilder description =
          new StringBuilder(
              threads == null
                  ? "OPENBLAS_NUM_THREADS unset (OpenBLAS uses every core)"
                  : "OPENBLAS_NUM_THREADS=" + threads);
      for (String name : KERNEL_VARIABLES) {
        String value = System.getenv(name);
        if (value != null && !value.isEmpty()) {
          description.append(", ").append(name).append('=').append(value);
        }
      }
      return description.toString();
    }
  }
}
