package dev.nfiwatch.it;

import dev.nfiwatch.agent.security.TestCertificates;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Measures what TLS and basic auth cost a scrape: two demo JVMs with the shaded agent, one plain
 * HTTP, one HTTPS (EC P-256 certificate) with basic auth (bcrypt cost 10), scraped alternately
 * from this JVM, as Prometheus does, on a kept-alive connection, then with a new connection (TCP
 * and TLS handshake) per scrape; plus one bcrypt check, what a wrong password or the first scrape
 * with a password costs. Prints median, 90th and 99th percentile. Not a test: run it with {@code
 * -Pscrape-latency} (see BENCHMARKS.md).
 *
 * <p>Arguments: agent jar, demo jar, kept-alive scrapes per endpoint, new-connection scrapes per
 * endpoint, and optionally JVM options for both demo JVMs (space separated, e.g. {@code
 * -Dsun.net.httpserver.nodelay=true}).
 */
public final class ScrapeLatencyHarness {

  private static final Pattern ENDPOINT = Pattern.compile("metrics at (https?://\\S+/metrics)");
  private static final String PASSWORD = "scrape-secret";

  private ScrapeLatencyHarness() {}

  public static void main(String[] args) throws Exception {
    Path agentJar = Paths.get(args[0]);
    Path demoJar = Paths.get(args[1]);
    int keptAlive = Integer.parseInt(args[2]);
    int fresh = Integer.parseInt(args[3]);
    List<String> jvmOptions =
        args.length > 4 && !args[4].trim().isEmpty()
            ? Arrays.asList(args[4].trim().split("\\s+"))
            : List.of();
    Path dir = Files.createTempDirectory("nfiwatch-scrape-latency");
    TestCertificates ca = TestCertificates.create("scrape-latency-ca");
    TestCertificates.Issued server = ca.server(dir, "server", "EC");
    Path web =
        Files.writeString(
            dir.resolve("web.yml"),
            "tls_server_config:\n  cert_file: " + server.certFile() + "\n  key_file: "
                + server.keyFile() + "\nbasic_auth_users:\n  prometheus: "
                + TestCertificates.bcrypt(PASSWORD, 10) + "\n");
    SSLContext trust = ca.clientContext(null);
    List<Process> processes = new ArrayList<>();
    try {
      String plainUrl = start(agentJar, demoJar, jvmOptions, "port=0", processes);
      String secureUrl = start(agentJar, demoJar, jvmOptions, "port=0,web.config.file=" + web, processes);
      String auth =
          "Basic " + Base64.getEncoder().encodeToString(
              ("prometheus:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      HttpClient plain = client(null);
      HttpClient secure = client(trust);
      for (int i = 0; i < 200; i++) { // warm-up: JIT in both JVMs, the password remembered
        scrape(plain, plainUrl, null);
        scrape(secure, secureUrl, auth);
      }
      long[] plainKept = new long[keptAlive];
      long[] secureKept = new long[keptAlive];
      for (int i = 0; i < keptAlive; i++) {
        plainKept[i] = scrape(plain, plainUrl, null);
        secureKept[i] = scrape(secure, secureUrl, auth);
      }
      long[] plainFresh = new long[fresh];
      long[] secureFresh = new long[fresh];
      for (int i = 0; i < fresh; i++) {
        plainFresh[i] = scrape(client(null), plainUrl, null);
        secureFresh[i] = scrape(client(trust), secureUrl, auth);
      }
      String hash = TestCertificates.bcrypt(PASSWORD, 10);
      long[] bcrypt = new long[20];
      for (int i = 0; i < bcrypt.length; i++) {
        long start = System.nanoTime();
        OpenBSDBCrypt.checkPassword(hash, PASSWORD.toCharArray());
        bcrypt[i] = System.nanoTime() - start;
      }
      System.out.println("demo JVM options: " + jvmOptions);
      System.out.printf(Locale.ROOT, "load average at the end: %s%n",
          Files.readString(Paths.get("/proc/loadavg")).trim());
      System.out.println("| scrape | n | median ms | p90 ms | p99 ms |");
      System.out.println("|---|---|---|---|---|");
      row("plain HTTP, kept-alive connection", plainKept);
      row("HTTPS + basic auth, kept-alive connection", secureKept);
      row("plain HTTP, new connection", plainFresh);
      row("HTTPS + basic auth, new connection (TLS handshake)", secureFresh);
      row("one bcrypt check at cost 10 (in this JVM)", bcrypt);
    } finally {
      for (Process process : processes) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String start(
      Path agentJar, Path demoJar, List<String> jvmOptions, String agentArgs,
      List<Process> processes) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-javaagent:" + agentJar + "=" + agentArgs);
    command.addAll(List.of("-jar", demoJar.toString(), "--steps", "200", "--linger", "600"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(process);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher matcher = ENDPOINT.matcher(line);
      if (matcher.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "drain");
        drain.setDaemon(true);
        drain.start();
        return matcher.group(1);
      }
    }
    throw new IllegalStateException("the demo JVM ended before its agent served metrics");
  }

  private static HttpClient client(SSLContext context) {
    HttpClient.Builder builder =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10));
    if (context != null) {
      builder.sslContext(context);
    }
    return builder.build();
  }

  /** One scrape's latency in nanoseconds; fails unless it answers 200. */
  private static long scrape(HttpClient client, String url, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    long start = System.nanoTime();
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    long elapsed = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode());
    }
    return elapsed;
  }

  private static void row(String name, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", name, sorted.length,
        quantile(sorted, 0.5), quantile(sorted, 0.9), quantile(sorted, 0.99));
  }

  private static double quantile(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
  }
}
