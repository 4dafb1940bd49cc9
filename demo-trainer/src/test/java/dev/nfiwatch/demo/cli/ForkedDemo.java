package dev.nfiwatch.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the demo trainer in a fresh JVM (this test run's class path, or the shaded jar), for what
 * only a new process shows: which native library loads, the heap limit, the environment OpenBLAS reads at load.
 *
 * @param exitCode the process's exit code
 * @param output its standard output and error, interleaved
 */
record ForkedDemo(int exitCode, String output) {

  private static final long DEADLINE_MINUTES = 10;
  private static final String DEMO_MAIN = "dev.nfiwatch.demo.DemoTrainer";
  /** Added when this JVM has it, so that the fork runs the element kernels this one does. */
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** The demo's main class on this test run's class path. */
  static ForkedDemo run(List<String> jvmArgs, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> launch = new ArrayList<>(jvmArgs);
    launch.addAll(List.of("-cp", System.getProperty("java.class.path"), DEMO_MAIN));
    return start(launch, env, args);
  }

  /** The shaded jar, as users run it. */
  static ForkedDemo runJar(Path jar, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return start(List.of("-jar", jar.toString()), env, args);
  }

  private static ForkedDemo start(List<String> launch, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
      command.addAll(List.of("--add-modules", VECTOR_MODULE));
    }
    command.addAll(launch);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] bytes;
    try (InputStream in = process.getInputStream()) {
      bytes = in.readAllBytes();
    }
    boolean ended = process.waitFor(DEADLINE_MINUTES, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("the demo ended within %d minutes", DEADLINE_MINUTES).isTrue();
    return new ForkedDemo(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
  }

  /** The value of {@code key=} on the result line. */
  String result(String key) {
    String line =
        output.lines().filter(l -> l.startsWith("result: ")).reduce((a, b) -> b).orElseThrow();
    String rest = line.substring(line.indexOf(" " + key + "=") + key.length() + 2);
    int end = rest.indexOf(' ');
    return end < 0 ? rest : rest.substring(0, end);
  }
}
