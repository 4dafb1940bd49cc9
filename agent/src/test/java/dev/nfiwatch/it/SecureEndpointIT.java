package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nfiwatch.agent.security.TestCertificates;
import dev.nfiwatch.agent.web.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded agent with {@code web.config.file} in real forked JVMs, checked with the JDK's HTTP
 * client over real TLS: basic auth (401 without or with a wrong password), mutual TLS (handshake
 * failure without a trusted client certificate), idle connections that do not hold up a scrape,
 * the live page over HTTPS, a malformed web config
 * (agent disabled, training goes on), and the warning for an open endpoint off loopback. The
 * certificates are made when the test runs.
 */
class SecureEndpointIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String TRAINER = "dev.nfiwatch.it.trainer.SoftmaxRegressionTrainer";
  private static final String DEMO = "{model=\"0\",probe=\"demo\"}";
  private static final String NAVIGATION_STATUS =
      "return performance.getEntriesByType('navigation')[0].responseStatus";
  private static final String OPEN_WARNING = "warning: serving plain HTTP without authentication";

  @TempDir static Path pki;

  private static TestCertificates ca;
  private static TestCertificates.Issued server;
  private static TestCertificates.Issued client;
  private static TestCertificates.Issued stranger;
  private static Path caFile;

  @BeforeAll
  static void makeCertificates() throws Exception {
    ca = TestCertificates.create("nfiwatch-it-ca");
    caFile = ca.writeCertificate(pki.resolve("ca.crt"));
    server = ca.server(pki, "server", "EC");
    client = ca.client(pki, "prometheus");
    stranger = TestCertificates.create("another-ca").client(pki, "stranger");
  }

  @Test
  void basicAuthOverTlsAnswers401WithoutTheRightPasswordAndNeverTouchesJul(@TempDir Path dir)
      throws Exception {
    Path web =
        serverWebConfig(dir, "  min_version: TLS13\n"
            + "basic_auth_users:\n"
            + "  prometheus: " + TestCertificates.bcrypt("scrape-secret", 10) + "\n");
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0,web.config.file=" + web,
            List.of("-Djava.util.logging.manager=dev.nfiwatch.it.trainer.RecordingLogManager"),
            ForkedJvm.trainerClassPath(), "dev.nfiwatch.it.trainer.LogManagerWitness")) {
      String url = jvm.awaitLine("metrics at (https://\\S+)/metrics", TIMEOUT).group(1);
      jvm.awaitLine("live page at " + Pattern.quote(url + "/") + "$", TIMEOUT);
      jvm.awaitLine(Pattern.quote("web.config.file " + web + ": HTTPS [TLSv1.3], basic auth for 1"
          + " user") + "$", TIMEOUT);
      jvm.awaitLine("^waiting for scrape", TIMEOUT);
      HttpClient https = client(ca.clientContext(null));

      HttpResponse<String> anonymous = get(https, url + "/metrics", null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse(""))
          .startsWith("Basic realm=\"nfiwatch\"");
      assertThat(get(https, url + "/metrics", "prometheus:wrong").statusCode()).isEqualTo(401);
      assertThat(get(https, url + "/metrics", "grafana:scrape-secret").statusCode()).isEqualTo(401);
      assertThat(get(https, url + "/", null).statusCode()).as("the live page too").isEqualTo(401);

      HttpResponse<String> scrape = get(https, url + "/metrics", "prometheus:scrape-secret");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(Scrape.of(scrape.body()).value("nfi_backward_calls_total" + DEMO)).isEqualTo(20);
      HttpResponse<String> page = get(https, url + "/", "prometheus:scrape-secret");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<html").contains("app.js");
      HttpResponse<String> script = get(https, url + "/app.js", "prometheus:scrape-secret");
      assertThat(script.body()).contains("fetch(\"api/history\"");
      HttpResponse<String> history = get(https, url + "/api/history", "prometheus:scrape-secret");
      assertThat(history.statusCode()).isEqualTo(200);
      assertThat(history.body()).startsWith("{").contains("demo");
      assertThatThrownBy(
              () -> get(client(ca.clientContext(null)), url.replace("https:", "http:") + "/metrics",
                  "prometheus:scrape-secret"))
          .as("plain HTTP to the TLS port")
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> get(client(ca, null, "TLSv1.2"), url + "/metrics", null))
          .as("TLS 1.2, below min_version TLS13")
          .satisfies(SecureEndpointIT::isHandshakeFailure);

      jvm.closeStdin();
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.output())
          .contains("logmanager created by: null")
          .doesNotContain(OPEN_WARNING)
          .doesNotContain("Exception");
    }
  }

  /**
   * The live page in real headless Chromium over HTTPS with basic auth: without credentials the
   * browser gets the 401, with them the page loads, its own requests (script, history) pass the
   * same check, and its charts draw the run.
   */
  @Test
  void theLivePageWorksInABrowserOverTlsWithBasicAuth(@TempDir Path dir) throws Exception {
    Path web =
        serverWebConfig(dir, "basic_auth_users:\n"
            + "  viewer: " + TestCertificates.bcrypt("page-secret", 10) + "\n");
    try (ForkedJvm jvm =
            ForkedJvm.start(null, "port=0,web.config.file=" + web, List.of(),
                ForkedJvm.trainerClassPath(), "dev.nfiwatch.it.trainer.LogManagerWitness");
        HeadlessChromium chromium = HeadlessChromium.trusting(server.certificate())) {
      String url = jvm.awaitLine("live page at (https://\\S+/)$", TIMEOUT).group(1);
      jvm.awaitLine("^waiting for scrape", TIMEOUT);

      chromium.open(url);
      assertThat(chromium.script(NAVIGATION_STATUS)).as("no credentials").isEqualTo(401L);
      assertThat(chromium.script("return !!window.nfiwatch")).isEqualTo(false);

      chromium.sendBasicAuth("viewer", "page-secret");
      chromium.open(url + "?with-credentials");
      chromium.waitUntil("return !!window.nfiwatch && window.nfiwatch.updates >= 1", TIMEOUT);
      assertThat(chromium.script(NAVIGATION_STATUS)).isEqualTo(200L);
      assertThat(chromium.script("return location.protocol")).isEqualTo("https:");
      assertThat(chromium.liveCharts()).as("the demo probe's charts")
          .filteredOn(chart -> chart.get("probe").equals("demo/0"))
          .isNotEmpty()
          .anySatisfy(chart -> assertThat((Long) chart.get("points")).isPositive());
      assertThat(chromium.consoleErrors()).as("only the refused first visit")
          .singleElement().asString().contains("status of 401");
      assertThat(chromium.requestedUrls()).contains(url + "api/history")
          .allMatch(HeadlessChromium::staysOnThisMachine);

      jvm.closeStdin();
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
    }
  }

  /**
   * Connections that finished their TLS handshake and sent no request yet, as a browser opens
   * ahead of need, each hold one of the server's threads (the JDK reads the request on it): with
   * more of them open than the endpoint keeps threads, a scrape still answers.
   */
  @Test
  void idleTlsConnectionsDoNotHoldUpAScrape(@TempDir Path dir) throws Exception {
    Path web = serverWebConfig(dir, "");
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0,web.config.file=" + web, List.of(),
            ForkedJvm.trainerClassPath(), TRAINER, "--steps", "20", "--hold")) {
      String port = jvm.awaitLine("metrics at https://127\\.0\\.0\\.1:(\\d+)/metrics", TIMEOUT)
          .group(1);
      jvm.awaitLine("^holding", TIMEOUT);
      List<SSLSocket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          SSLSocket socket = (SSLSocket) ca.clientContext(null).getSocketFactory()
              .createSocket("127.0.0.1", Integer.parseInt(port));
          socket.setSoTimeout((int) TIMEOUT.toMillis()); // a handshake never taken fails the test
          socket.startHandshake();
          idle.add(socket);
        }
        HttpResponse<String> scrape =
            get(client(ca.clientContext(null)), "https://127.0.0.1:" + port + "/metrics", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(Scrape.of(scrape.body()).value("nfi_backward_calls_total" + DEMO)).isEqualTo(20);
      } finally {
        for (SSLSocket socket : idle) {
          socket.close();
        }
      }
      jvm.closeStdin();
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
    }
  }

  @Test
  void mutualTlsFailsTheHandshakeWithoutATrustedClientCertificate(@TempDir Path dir)
      throws Exception {
    Path web =
        serverWebConfig(dir, "  client_auth_type: RequireAndVerifyClientCert\n"
            + "  client_ca_file: " + caFile + "\n");
    // All interfaces, as the cluster recipes bind: with a web config, no warning.
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0,host=0.0.0.0,web.config.file=" + web, List.of(),
            ForkedJvm.trainerClassPath(), TRAINER, "--steps", "20", "--hold")) {
      String port = jvm.awaitLine("metrics at https://0\\.0\\.0\\.0:(\\d+)/metrics", TIMEOUT).group(1);
      jvm.awaitLine(Pattern.quote("web.config.file " + web + ": HTTPS [TLSv1.3, TLSv1.2], client"
          + " certificates RequireAndVerifyClientCert, no authentication") + "$", TIMEOUT);
      jvm.awaitLine("^holding", TIMEOUT);
      String url = "https://127.0.0.1:" + port + "/metrics";

      assertThatThrownBy(() -> get(client(ca, null, "TLSv1.2"), url, null))
          .as("TLS 1.2 without a client certificate")
          .satisfies(SecureEndpointIT::isHandshakeFailure);
      assertThatThrownBy(() -> get(client(ca, stranger, "TLSv1.2"), url, null))
          .as("TLS 1.2 with a client certificate of another authority")
          .satisfies(SecureEndpointIT::isHandshakeFailure);
      // TLS 1.3 lets the client finish its half of the handshake before the server has checked
      // its certificate: the server's alert then ends the connection before any response.
      assertThatThrownBy(() -> get(client(ca, null, "TLSv1.3"), url, null))
          .as("TLS 1.3 without a client certificate")
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> get(client(ca, stranger, "TLSv1.3"), url, null))
          .as("TLS 1.3 with a client certificate of another authority")
          .isInstanceOf(IOException.class);
      for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
        HttpResponse<String> scrape = get(client(ca, client, protocol), url, null);
        assertThat(scrape.statusCode()).as(protocol).isEqualTo(200);
        assertThat(Scrape.of(scrape.body()).value("nfi_backward_calls_total" + DEMO))
            .isEqualTo(20);
      }

      jvm.closeStdin();
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.output()).doesNotContain(OPEN_WARNING);
    }
  }

  @Test
  void aMalformedWebConfigDisablesTheAgentAndTrainingGoesOn(@TempDir Path dir) throws Exception {
    Path web = Files.writeString(dir.resolve("web.yml"), "tls_server_config:\n  cert_file: [\n");
    String without = checksum(null);
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0,web.config.file=" + web, List.of(),
            ForkedJvm.trainerClassPath(), TRAINER, "--steps", "50")) {
      String checksum = jvm.awaitLine("checksum=(\\w+)", TIMEOUT).group(1);
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(checksum).isEqualTo(without);
      List<String> errors = jvm.linesContaining("configuration error");
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0))
          .startsWith("[nfiwatch] configuration error: key 'web.config.file' (agent argument) has"
              + " value '" + web + "': the file is not valid YAML (")
          .endsWith("; the agent is disabled, training goes on");
      assertThat(jvm.output()).doesNotContain("metrics at");
    }
  }

  @Test
  void anOpenEndpointOffLoopbackIsPointedOutOnce() throws Exception {
    try (ForkedJvm jvm =
        ForkedJvm.start(null, "port=0,host=0.0.0.0", List.of(), ForkedJvm.trainerClassPath(),
            TRAINER, "--steps", "20", "--hold")) {
      String port = jvm.awaitLine("metrics at http://0\\.0\\.0\\.0:(\\d+)/metrics", TIMEOUT).group(1);
      jvm.awaitLine("^holding", TIMEOUT);
      jvm.closeStdin();
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      assertThat(jvm.linesContaining(OPEN_WARNING))
          .containsExactly("[nfiwatch] " + OPEN_WARNING + " on 0.0.0.0, which is not a loopback"
              + " address: anyone who reaches port " + port + " reads the metrics and the live page"
              + " (set web.config.file for TLS"
              + " and basic auth)");
    }
  }

  /**
   * {@code dir/web.yml} with the test server's certificate and key under {@code
   * tls_server_config}, then {@code more} (further lines of that section, then other sections).
   */
  private static Path serverWebConfig(Path dir, String more) throws IOException {
    return Files.writeString(
        dir.resolve("web.yml"),
        "tls_server_config:\n"
            + "  cert_file: " + server.certFile() + "\n"
            + "  key_file: " + server.keyFile() + "\n"
            + more);
  }

  private static String checksum(String agentArgs) throws Exception {
    try (ForkedJvm jvm =
        ForkedJvm.start(null, agentArgs, List.of(), ForkedJvm.trainerClassPath(), TRAINER,
            "--steps", "50")) {
      String checksum = jvm.awaitLine("checksum=(\\w+)", TIMEOUT).group(1);
      assertThat(jvm.awaitExit(TIMEOUT)).isZero();
      return checksum;
    }
  }

  private static void isHandshakeFailure(Throwable error) {
    Throwable cause = error;
    while (cause != null && !(cause instanceof SSLHandshakeException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("a TLS handshake failure: " + error).isNotNull();
  }

  /** A client trusting {@code ca} that offers only {@code protocol}, presenting {@code own}. */
  private static HttpClient client(
      TestCertificates ca, TestCertificates.Issued own, String protocol) throws Exception {
    SSLContext context = ca.clientContext(own);
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(new String[] {protocol});
    return HttpClient.newBuilder()
        .sslContext(context)
        .sslParameters(parameters)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** GET {@code url}, with {@code user:password} as basic auth unless null. */
  private static HttpResponse<String> get(HttpClient client, String url, String credentials)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (credentials != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
