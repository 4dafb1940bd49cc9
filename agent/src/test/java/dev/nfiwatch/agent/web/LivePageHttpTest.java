package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LivePageHttpTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private final ProbeHistories histories = SyntheticRun.both();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    LivePage.routes(histories).forEach(server::createContext);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageWithItsOwnFilesOnly() throws Exception {
    HttpResponse<String> page = send("GET", "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .startsWith("default-src 'self'");
    assertThat(page.body())
        .contains("src=\"uPlot.iife.min.js\"", "src=\"app.js\"", "href=\"style.css\"")
        .doesNotContain("http://", "https://", "//cdn");

    assertThat(send("GET", "/index.html").body()).isEqualTo(page.body());
    HttpResponse<String> uplot = send("GET", "/uPlot.iife.min.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    assertThat(uplot.body()).contains("uPlot").hasSizeGreaterThan(20_000);
    assertThat(send("GET", "/uPlot.min.css").body()).contains(".uplot");
    assertThat(send("GET", "/app.js").body()).contains("api/history");
    assertThat(send("GET", "/style.css").statusCode()).isEqualTo(200);
  }

  @Test
  void answersUnknownPathsAndMethodsWithErrors() throws Exception {
    assertThat(send("GET", "/favicon.ico").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/../pom.xml").statusCode()).isEqualTo(404);
    assertThat(send("POST", "/").statusCode()).isEqualTo(405);
    assertThat(send("HEAD", "/app.js").statusCode()).isEqualTo(200);
    assertThat(send("DELETE", LivePage.HISTORY_PATH).statusCode()).isEqualTo(405);
  }

  @Test
  void servesTheHistoryOfEveryProbe() throws Exception {
    HttpResponse<String> history = send("GET", LivePage.HISTORY_PATH);

    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(history.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(history.body())
        .isEqualTo(HistoryJson.write(histories.snapshot()))
        .contains("\"probe\":\"demo-softmax-fp32\"", "\"probe\":\"demo-softmax-fp64\"",
            "\"verdict\":\"NFI onset\"", "\"verdict\":\"healthy\"",
            "\"steps\":" + SyntheticRun.STEPS, "\"probe\":\"idle\"");
  }
}
