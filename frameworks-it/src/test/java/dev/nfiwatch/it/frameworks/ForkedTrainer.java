package dev.nfiwatch.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test trainer in a forked JVM, with or without the shaded agent, and returns what it
 * printed. The trainer's class path is the libraries' (never the agent's) plus the test classes.
 */
public final class ForkedTrainer {

  /** The printed {@code key=value} lines and the whole output of one run. */
  public static final class Run {
    public final Map<String, String> values;
    public final String output;
    public final long millis;

    Run(Map<String, String> values, String output, long millis) {
      this.values = values;
      this.output = output;
      this.millis = millis;
    }

    public String get(String key) {
      assertThat(values).as("trainer output:%n%s", output).containsKey(key);
      return values.get(key);
    }

    public long number(String key) {
      return Long.parseLong(get(key));
    }
  }

  private final String java;
  private final String mainClass;
  private final List<String> classPath = new ArrayList<>();
  private final Map<String, String> environment = new HashMap<>();
  private final List<String> jvmOptions = new ArrayList<>();

  /** A trainer run by {@code java} (a JDK home's {@code bin/java}). */
  public ForkedTrainer(String java, String mainClass) throws IOException {
    this.java = java;
    this.mainClass = mainClass;
    classPath.add(property("nfiwatch.it.testClasses"));
    classPath.add(
        Files.readString(Paths.get(property("nfiwatch.it.trainerClasspath")), StandardCharsets.UTF_8)
            .trim());
  }

  /** The build's JDK. */
  public static String currentJava() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Puts {@code entry} first on the class path. */
  public ForkedTrainer classPathFirst(String entry) {
    classPath.add(0, entry);
    return this;
  }

  /** Adds an option to the forked JVM's command line. */
  public ForkedTrainer jvmOption(String option) {
    jvmOptions.add(option);
    return this;
  }

  /** Sets an environment variable of the forked JVM. */
  public ForkedTrainer env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Runs without the agent. */
  public Run plain(String... args) throws Exception {
    return run(null, args);
  }

  /** Runs with the shaded agent, {@code agentArgs} after {@code =}. */
  public Run withAgent(String agentArgs, String... args) throws Exception {
    return run("-javaagent:" + agentJar() + "=" + agentArgs, args);
  }

  /** The shaded agent jar; fails when the agent module has not been packaged. */
  public static Path agentJar() {
    Path jar = Paths.get(property("nfiwatch.it.agentJar"));
    assertThat(jar).as("the shaded agent jar (package the agent module first)").exists();
    return jar;
  }

  /** A fresh directory for one test's files. */
  public static Path workDir(String name) throws IOException {
    Path dir = Paths.get(property("nfiwatch.it.workDir"), name);
    Files.createDirectories(dir);
    return dir;
  }

  static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by the failsafe configuration)", name).isNotNull();
    return value;
  }

  private Run run(String agent, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx1g");
    command.addAll(jvmOptions);
    if (agent != null) {
      command.add(agent);
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process = builder.start();
    byte[] bytes = process.getInputStream().readAllBytes();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String output = new String(bytes, StandardCharsets.UTF_8);
    assertThat(finished).as("trainer finished:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("trainer exit code:%n%s", output).isZero();
    Map<String, String> values = new HashMap<>();
    for (String line : output.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).matches("[A-Za-z]+")) {
        values.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return new Run(values, output, millis);
  }
}
