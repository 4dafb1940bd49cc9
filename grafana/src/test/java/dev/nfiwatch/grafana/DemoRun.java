package dev.nfiwatch.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.prometheus.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo trainer in its own JVM with the nfiwatch agent attached on a free loopback port: the
 * built jars {@code agent/target/nfiwatch-agent.jar} and {@code
 * demo-trainer/target/nfiwatch-demo.jar}, run exactly as a user would. Closing it kills the JVM.
 */
final class DemoRun implements AutoCloseable {

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private DemoRun(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the demo with {@code demoArguments}; its output goes to {@code <name>.log} in {@code
   * workDir}.
   */
  static DemoRun start(String name, Path workDir, String... demoArguments) throws IOException {
    int port = FreePort.find();
    return start(name, workDir, port, "port=" + port, demoArguments);
  }

  /**
   * Starts the demo with the agent arguments {@code agentArguments} (which choose the port: {@code
   * port=0} for a free one, see {@link #awaitEndpoint}).
   */
  static DemoRun startWithAgent(
      String name, Path workDir, String agentArguments, String... demoArguments)
      throws IOException {
    return start(name, workDir, 0, agentArguments, demoArguments);
  }

  private static DemoRun start(
      String name, Path workDir, int port, String agentArguments, String... demoArguments)
      throws IOException {
    Path root = ProjectFiles.root();
    Path agent = root.resolve("agent/target/nfiwatch-agent.jar");
    Path demo = root.resolve("demo-trainer/target/nfiwatch-demo.jar");
    assertThat(agent).as("the agent jar (built by the reactor before this module)").isRegularFile();
    assertThat(demo).as("the demo jar (built by the reactor before this module)").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + agent + "=" + agentArguments);
    command.add("-jar");
    command.add(demo.toString());
    command.addAll(List.of(demoArguments));
    Path log = workDir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new DemoRun(name, process, port, log);
  }

  /** The scrape target, {@code 127.0.0.1:<port>}: also the series' {@code instance} label. */
  String target() {
    return "127.0.0.1:" + port;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until a line of the JVM's output matches {@code pattern}; fails with the output when the
   * JVM exits first or {@code timeout} passes.
   */
  Matcher awaitLine(String pattern, Duration timeout) throws IOException, InterruptedException {
    Pattern compiled = Pattern.compile(pattern);
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      boolean exited = !process.isAlive();
      for (String line : Files.readAllLines(log)) {
        Matcher matcher = compiled.matcher(line);
        if (matcher.find()) {
          return matcher;
        }
      }
      if (exited || Instant.now().isAfter(deadline)) {
        throw new AssertionError("no line matching " + pattern + " in " + timeout + "\n" + log());
      }
      Thread.sleep(100);
    }
  }

  /** The {@code host:port} the agent serves, from its start-up line ({@code port=0} runs). */
  String awaitEndpoint(Duration timeout) throws IOException, InterruptedException {
    return awaitLine("metrics at https?://([^/]+)/metrics", timeout).group(1);
  }

  /** Waits for the JVM to exit by itself; returns its exit code. */
  int awaitExit(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + "\n" + log());
    }
    return process.exitValue();
  }

  /** Ends the JVM as {@code kill -9} would: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  long pid() {
    return process.pid();
  }

  /** The JVM's output so far, for failure messages. */
  String log() throws IOException {
    return name + " output:\n" + Files.readString(log);
  }

  /** Ends the JVM as {@code kill} (SIGTERM) would: its shutdown hooks run. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
