package dev.nfiwatch.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real JVM started by a test, optionally with {@code -javaagent:} the shaded agent jar, whose
 * merged stdout and stderr the test can wait on line by line.
 */
final class ForkedJvm implements AutoCloseable {

  /** The shaded agent jar under test. */
  static final Path AGENT_JAR = Paths.get(System.getProperty("nfiwatch.it.agentJar"));

  /** The demo trainer's jar (holds the {@code SoftmaxCrossEntropy} contract). */
  static final Path DEMO_JAR = Paths.get(System.getProperty("nfiwatch.it.demoJar"));

  /** The compiled test classes (the test trainers). */
  static final Path TEST_CLASSES = Paths.get(System.getProperty("nfiwatch.it.testClasses"));

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private ForkedJvm(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The agent's configuration comes from each test alone; the demo's own variables (its pacing)
    // pass through, so the whole suite can run against a paced demo.
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("NFIWATCH_") && !name.startsWith("NFIWATCH_DEMO_"));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    process = builder.start();
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException e) {
                // process ended
              }
            },
            "forked-jvm-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java [-javaagent:jar[=agentArgs]] jvmOptions… -cp classPath mainClass args…}.
   *
   * @param javaHome the JDK to run, or null for the one running the tests
   * @param agentArgs the agent arguments, "" for none, or null to run without the agent
   */
  static ForkedJvm start(
      String javaHome, String agentArgs, List<String> jvmOptions, String classPath,
      String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    String home = javaHome == null ? System.getProperty("java.home") : javaHome;
    command.add(Paths.get(home, "bin", "java").toString());
    command.add("-Xshare:off");
    if (agentArgs != null) {
      command.add("-javaagent:" + AGENT_JAR + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(List.of(args));
    return new ForkedJvm(command);
  }

  /** Starts {@code java [-javaagent:jar[=agentArgs]] -jar demo.jar args…} (the real demo trainer). */
  static ForkedJvm startDemo(String javaHome, String agentArgs, String... args) throws IOException {
    return startJar(javaHome, agentArgs, List.of(), DEMO_JAR, args);
  }

  /**
   * Starts {@code java [-javaagent:jar[=agentArgs]] jvmOptions… -jar jar args…}.
   *
   * @param javaHome the JDK to run, or null for the one running the tests
   * @param agentArgs the agent arguments, "" for none, or null to run without the agent
   */
  static ForkedJvm startJar(
      String javaHome, String agentArgs, List<String> jvmOptions, Path jar, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    String home = javaHome == null ? System.getProperty("java.home") : javaHome;
    command.add(Paths.get(home, "bin", "java").toString());
    command.add("-Xshare:off");
    if (agentArgs != null) {
      command.add("-javaagent:" + AGENT_JAR + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
    }
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return new ForkedJvm(command);
  }

  /** Starts {@code command} as it is (e.g. a JVM run as another user through {@code setpriv}). */
  static ForkedJvm startCommand(List<String> command) throws IOException {
    return new ForkedJvm(command);
  }

  /** The class path of the test trainers: test classes plus the demo jar. */
  static String trainerClassPath() {
    return TEST_CLASSES + File.pathSeparator + DEMO_JAR;
  }

  /** Waits for a line matching {@code regex} and returns its match. */
  Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
    return awaitLine(regex, 0, timeout);
  }

  /**
   * Waits for a line matching {@code regex} among the lines from index {@code from} on (see {@link
   * #lineCount()}) and returns its match.
   */
  Matcher awaitLine(String regex, int from, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = from;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          Matcher matcher = pattern.matcher(lines.get(seen));
          if (matcher.find()) {
            return matcher;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError("no line matching " + regex + " in:\n" + output());
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
      }
    }
  }

  /** Writes one line to the JVM's stdin (a trainer's cue, e.g. {@code SoakTrainer --until-told}). */
  void writeLine(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Closes the JVM's stdin (ends a trainer's {@code --hold}). */
  void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** Kills the JVM (SIGKILL: no shutdown hook or exit-time deletion runs) and waits until it is gone. */
  void kill(Duration timeout) throws InterruptedException {
    process.destroyForcibly();
    awaitExit(timeout);
  }

  /** Waits for the JVM to exit and its output to be read; returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("JVM did not exit within " + timeout + ":\n" + output());
    }
    reader.join(5000);
    return process.exitValue();
  }

  /**
   * Asks the JVM to exit (SIGTERM): shutdown hooks run. Through the process handle, because {@link
   * Process#destroy()} also closes our end of its output, losing what the hooks print.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** The process id (for dynamic attach). */
  long pid() {
    return process.pid();
  }

  /** How many lines the JVM printed so far. */
  int lineCount() {
    synchronized (lines) {
      return lines.size();
    }
  }

  /** Everything the JVM printed so far. */
  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** The printed lines containing {@code text}. */
  List<String> linesContaining(String text) {
    List<String> found = new ArrayList<>();
    synchronized (lines) {
      for (String line : lines) {
        if (line.contains(text)) {
          found.add(line);
        }
      }
    }
    return found;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
