package dev.nfiwatch.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.prometheus.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    Path root = ProjectFiles.root();
    Path agent = root.resolve("agent/target/nfiwatch-agent.jar");
    Path demo = root.resolve("demo-trainer/target/nfiwatch-demo.jar");
    assertThat(agent).as("the agent jar (built by the reactor before this module)").isRegularFile();
    assertThat(demo).as("the demo jar (built by the reactor before this module)").isRegularFile();
    int port = FreePort.find();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + agent + "=port=" + port);
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

  /** The JVM's output so far, for failure messages. */
  String log() throws IOException {
    return name + " output:\n" + Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
