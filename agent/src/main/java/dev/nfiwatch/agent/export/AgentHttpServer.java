package dev.nfiwatch.agent.export;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.nfiwatch.agent.DaemonThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The agent's HTTP server, on the JDK's own {@code com.sun.net.httpserver} (no dependency), served
 * by two named daemon threads. Its routes are listed in one place, {@link AgentRoutes}.
 *
 * <pre>{@code
 * AgentHttpServer server = AgentHttpServer.start("127.0.0.1", 0, AgentRoutes.of(context));
 * System.out.println("metrics at " + server.url("/metrics"));
 * }</pre>
 */
public final class AgentHttpServer {

  private final HttpServer server;
  private final ExecutorService executor;
  private final String host;

  private AgentHttpServer(HttpServer server, ExecutorService executor, String host) {
    this.server = server;
    this.executor = executor;
    this.host = host;
  }

  /**
   * Binds {@code host:port} (port 0: a free one) and serves {@code routes} (path prefix → handler).
   * Call from a daemon thread: the JDK's dispatcher thread inherits its daemon status.
   *
   * @throws IOException if the address cannot be bound (e.g. {@link java.net.BindException})
   */
  public static AgentHttpServer start(String host, int port, Map<String, HttpHandler> routes)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ThreadPoolExecutor executor =
        (ThreadPoolExecutor) Executors.newFixedThreadPool(2, DaemonThreads.factory("http"));
    executor.prestartAllCoreThreads(); // a fixed set of threads from the start, not per scrape
    server.setExecutor(executor);
    routes.forEach(server::createContext);
    server.start();
    return new AgentHttpServer(server, executor, host);
  }

  /** The bound port (the free one picked when 0 was asked). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://host:port} + {@code path}. */
  public String url(String path) {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + shown + ":" + port() + path;
  }

  /** Stops serving (used by tests; the JVM's exit does it otherwise). */
  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }
}
