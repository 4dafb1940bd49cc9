package dev.nfiwatch.it.frameworks.smile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.it.frameworks.ForkedTrainer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Smile trainers (Java 25 sources), compiled by the Smile tests with JDK 25's {@code javac},
 * since the build itself runs on JDK 17, against the test classes, the libraries and (for the
 * bridge types the metering trainer names; at run time they come from the agent) the agent jar.
 */
final class SmileClasses {

  private SmileClasses() {}

  /** Compiles the Smile sources with {@code jdk} into {@code out}. */
  static Path compile(Path jdk, Path out) throws Exception {
    Files.createDirectories(out);
    Path sources = Paths.get(System.getProperty("nfiwatch.it.smileSources"));
    List<String> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).collect(Collectors.toList());
    }
    String classPath =
        String.join(
            File.pathSeparator,
            System.getProperty("nfiwatch.it.testClasses"),
            Files.readString(
                    Paths.get(System.getProperty("nfiwatch.it.trainerClasspath")), StandardCharsets.UTF_8)
                .trim(),
            ForkedTrainer.agentJar().toString());
    List<String> command = new ArrayList<>(
        List.of(jdk.resolve("bin").resolve("javac").toString(), "-cp", classPath, "-d", out.toString()));
    command.addAll(files);
    Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(javac.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(javac.exitValue()).as("javac (JDK 25) of the Smile trainers:%n%s", output).isZero();
    return out;
  }
}
