package dev.nfiwatch.grafana;

import dev.nfiwatch.prometheus.ExternalTool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}) on a free loopback port,
 * keeping its pushes in memory only. Closing it kills the process.
 */
final class PushgatewayServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private PushgatewayServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the Pushgateway and waits until it is ready. */
  static PushgatewayServer start(ExternalTool pushgateway, Path workDir)
      throws IOException, InterruptedException {
    int port = FreePort.find();
    Path log = workDir.resolve("pushgateway.log");
    Process process =
        new ProcessBuilder(
                pushgateway.command(
                    "--web.listen-address=127.0.0.1:" + port,
                    // Debian's build persists to a shared file by default: keep pushes in memory.
                    "--persistence.file=",
                    "--log.level=warn"))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PushgatewayServer server = new PushgatewayServer(process, port, log);
    try {
      server.awaitReady(Duration.ofSeconds(60));
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("pushgateway exited: " + Files.readString(log));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "pushgateway not ready after " + timeout + ": " + Files.readString(log));
  }

  /** {@code 127.0.0.1:<port>}, Prometheus's scrape target. */
  String target() {
    return "127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:<port>}, the agent's {@code push.url}. */
  String url() {
    return "http://" + target();
  }

  /** What the Pushgateway serves on {@code /metrics} now: every pushed group's series. */
  String metrics() throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
