package dev.nfiwatch.demo.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openblas-core.sh}, which names the OpenBLAS kernels demo.sh and test.sh load, read from
 * {@code /proc/cpuinfo}-shaped files: AVX-512 with bfloat16 (Zen 4 and 5, Cooper Lake and later
 * Xeons), AVX-512 without it (Skylake-X), AVX2 only, and no file at all.
 */
class OpenBlasCoreScriptTest {

  private static final Path SCRIPT = Path.of("openblas-core.sh");
  private static final String ZEN5 =
      "fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512ifma avx512cd"
          + " avx512bw avx512vl avx512_bf16 avx512vbmi avx512_vbmi2 avx512_vnni avx512_vp2intersect";
  private static final String SKYLAKE_X =
      "fpu sse sse2 ssse3 fma avx f16c avx2 avx512f avx512dq avx512cd avx512bw avx512vl";
  private static final String HASWELL = "fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2";

  @TempDir Path dir;

  @Test
  void avx512WithBfloat16NamesCooperLakesKernels() throws Exception {
    assertThat(run(cpuinfo(ZEN5))).isEqualTo("COOPERLAKE");
  }

  @Test
  void avx512WithoutBfloat16NamesSkylakeXsKernels() throws Exception {
    assertThat(run(cpuinfo(SKYLAKE_X))).isEqualTo("SKYLAKEX");
  }

  @Test
  void withoutAvx512OpenBlasChoosesItself() throws Exception {
    assertThat(run(cpuinfo(HASWELL))).isEmpty();
    assertThat(run(cpuinfo(HASWELL.replace("avx2", "avx512f avx512bw avx512dq")))).isEmpty();
  }

  @Test
  void anUnreadableCpuinfoNamesNothingAndSucceeds() throws Exception {
    assertThat(run(dir.resolve("missing"))).isEmpty();
  }

  /** A two-processor cpuinfo whose first {@code flags} line is {@code flags}. */
  private Path cpuinfo(String flags) throws IOException {
    Path file = dir.resolve("cpuinfo");
    String processor = "processor\t: %d\nvendor_id\t: AuthenticAMD\nflags\t\t: %s\n\n";
    Files.writeString(file, processor.formatted(0, flags) + processor.formatted(1, "fpu"));
    return file;
  }

  private static String run(Path cpuinfo) throws Exception {
    Process process =
        new ProcessBuilder("bash", SCRIPT.toString(), cpuinfo.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the script ended").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.strip();
  }
}
