package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo trainer in a forked JVM with the shaded agent jar on a free port, lingering after
 * training so that its live page can be examined. Its output is collected for the failure message.
 */
final class DemoWithAgent implements AutoCloseable {

  private static final Pattern PAGE_URL =
      Pattern.compile("\\[nfiwatch] live page at (http://\\S+/)");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private DemoWithAgent(Process process) {
    this.process = process;
    Thread reader = new Thread(this::collectOutput, "demo-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -javaagent:<agent>=port=0 -jar <demo> <demoArguments>}. */
  static DemoWithAgent start(String... demoArguments) throws IOException {
    Path agent = jar("nfiwatch.it.agentJar");
    Path demo = jar("nfiwatch.it.demoJar");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + agent + "=port=0");
    command.add("-jar");
    command.add(demo.toString());
    command.addAll(List.of(demoArguments));
    return new DemoWithAgent(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private static Path jar(String property) {
    String path = System.getProperty(property);
    assertThat(path).as("system property " + property + " (set by failsafe)").isNotNull();
    Path jar = Paths.get(path);
    assertThat(Files.isRegularFile(jar)).as(jar + " exists (mvn package builds it)").isTrue();
    return jar;
  }

  private void collectOutput() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
      }
    } catch (IOException e) {
      output.add("(output stopped: " + e + ")");
    }
  }

  /** The live page's URL the agent printed, waiting for it. */
  String pageUrl(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : output) {
        Matcher matcher = PAGE_URL.matcher(line);
        if (matcher.find()) {
          return matcher.group(1);
        }
      }
      assertThat(process.isAlive()).as("demo JVM alive; output so far:\n" + output()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("the agent never printed its live page URL:\n" + output());
  }

  /** Waits until the demo printed a line containing {@code text}. */
  void awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (output.stream().noneMatch(line -> line.contains(text))) {
      assertThat(process.isAlive()).as("demo JVM alive; output so far:\n" + output()).isTrue();
      assertThat(System.nanoTime() < deadline).as("'" + text + "' within " + timeout + ":\n"
          + output()).isTrue();
      Thread.sleep(200);
    }
  }

  /** GETs a URL and returns the body, failing on any status but 200. */
  String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
    return response.body();
  }

  /** Everything the demo JVM printed so far. */
  String output() {
    return String.join("\n", output);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
