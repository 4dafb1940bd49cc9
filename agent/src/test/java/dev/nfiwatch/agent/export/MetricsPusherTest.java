package dev.nfiwatch.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.nfiwatch.agent.analysis.AnalysisSpec;
import dev.nfiwatch.agent.config.AgentConfig;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Real HTTP round trips against a stand-in Pushgateway that records what it was sent. */
class MetricsPusherTest {

  @Test
  void pushesTheGroupOfJobAndInstanceAndSurvivesAnUnreachableGateway() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    AgentConfig config =
        AgentConfig.load("port=0,push.url=http://127.0.0.1:" + port, Map.of(), Map.of());
    ProbeRuntime probe = new ProbeRuntime("demo", AnalysisSpec.DEMO, List.of());
    probe.onCall(new float[] {20, 0, 0}, new int[] {0}, new float[] {0, 1e-9f, 1e-9f}, null, null,
        "fp32");
    MetricsPusher pusher =
        new MetricsPusher(config.push(), "sweep-1", new MetricsExporter(config, () -> List.of(probe), "t"));

    assertThat(pusher.push()).as("nothing listens yet").isFalse();

    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    gateway.createContext(
        "/",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n" + body);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    gateway.start();
    try {
      assertThat(pusher.push()).as("the gateway is up now").isTrue();
      assertThat(requests).hasSize(1);
      assertThat(requests.get(0))
          .startsWith("PUT /metrics/job/nfiwatch/instance/sweep-1\n")
          .as("the probe's series, in the client's protobuf push format")
          .contains("nfi_backward_calls_total", "nfi_absorbed_samples_total", "probe", "demo");
    } finally {
      gateway.stop(0);
    }
  }
}
