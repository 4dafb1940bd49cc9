package dev.nfiwatch.prometheus;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool the tests need from the PATH (promtool, prometheus), run as a process.
 *
 * <pre>{@code
 * ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
 * ExternalTool.Result result =
 *     promtool.run(folder, Duration.ofSeconds(60), "check", "config", "prometheus.yml");
 * }</pre>
 *
 * <p>A missing tool fails the test under {@code CI=true} and skips it, with a message saying how to
 * install it, on a developer's machine. {@code ./test.sh} installs the Debian packages that bring
 * them (prometheus, prometheus-alertmanager) when they are missing.
 */
public final class ExternalTool {

  /** Output and exit code of one finished run. */
  public record Result(int exitCode, String output) {}

  private final Path executable;

  private ExternalTool(Path executable) {
    this.executable = executable;
  }

  /**
   * The tool from the PATH; fails (CI) or aborts (elsewhere) the calling test when missing.
   *
   * @param name the executable's name
   * @param debianPackage the Debian package that installs it
   */
  public static ExternalTool require(String name, String debianPackage) {
    Optional<Path> found = find(name);
    if (found.isPresent()) {
      return new ExternalTool(found.get());
    }
    String message =
        name
            + " is not on the PATH: install Debian's "
            + debianPackage
            + " package"
            + " (./test.sh does it when it is missing)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true and " + message);
    }
    return Assumptions.abort("skipped, not running in CI: " + message);
  }

  private static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The executable found on the PATH. */
  public Path executable() {
    return executable;
  }

  /** The command line that runs this tool with {@code args}. */
  public List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Runs the tool in {@code directory} and waits for it; the process is killed when it outlives
   * {@code timeout}, which fails the calling test.
   */
  public Result run(Path directory, Duration timeout, String... args)
      throws IOException, InterruptedException {
    return run(directory, timeout, null, args);
  }

  /** Like {@link #run(Path, Duration, String...)}, with {@code input} (if not null) as stdin. */
  public Result run(Path directory, Duration timeout, Path input, String... args)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("nfiwatch-" + executable.getFileName(), ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command(args))
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      if (input != null) {
        builder.redirectInput(input.toFile());
      }
      Process process = builder.start();
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          fail(executable.getFileName() + " " + String.join(" ", args) + " ran over " + timeout);
        }
      } finally {
        process.destroyForcibly();
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
