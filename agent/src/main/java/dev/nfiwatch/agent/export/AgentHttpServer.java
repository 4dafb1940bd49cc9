package dev.nfiwatch.agent.export;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.nfiwatch.agent.DaemonThreads;
import dev.nfiwatch.agent.security.BcryptAuthenticator;
import dev.nfiwatch.agent.security.WebConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The agent's HTTP server, on the JDK's own {@code com.sun.net.httpserver} (HTTPS and basic auth
 * when a {@link WebConfig} asks for them), served by two named daemon threads, and up to {@value
 * #MAX_THREADS} while connections wait for their requests. Its routes are
 * listed in one place, {@link AgentRoutes}.
 *
 * <pre>{@code
 * AgentHttpServer server =
 *     AgentHttpServer.start("127.0.0.1", 0, AgentRoutes.of(context), WebConfig.none());
 * System.out.println("metrics at " + server.url("/metrics"));
 * }</pre>
 */
public final class AgentHttpServer {

  /** Threads kept for the scrapes and the live page's requests. */
  private static final int THREADS = 2;

  /**
   * Threads at most. The JDK's server reads a request on an executor thread, and over TLS a
   * connection holds its thread from the handshake until its first request: a browser opens
   * several ahead of need (Chromium's preconnects), so two threads left a scrape waiting as long
   * as two idle connections stayed open (the live page took 104 s to load in headless Chromium).
   * With this many busy, the JDK closes a new connection (the executor refuses it) and the client
   * may retry. Bcrypt checks stay two at a time whatever the threads ({@link BcryptAuthenticator}).
   */
  private static final int MAX_THREADS = 16;

  private static final long SPARE_THREAD_SECONDS = 30;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String host;
  private final String scheme;

  private AgentHttpServer(HttpServer server, ExecutorService executor, String host, String scheme) {
    this.server = server;
    this.executor = executor;
    this.host = host;
    this.scheme = scheme;
  }

  /**
   * Binds {@code host:port} (port 0: a free one) and serves {@code routes} (path prefix → handler)
   * over HTTPS when {@code web} has TLS, each route behind basic auth when it has users. Call from
   * a daemon thread: the JDK's dispatcher thread inherits its daemon status.
   *
   * @throws IOException if the address cannot be bound (e.g. {@link java.net.BindException})
   */
  public static AgentHttpServer start(
      String host, int port, Map<String, HttpHandler> routes, WebConfig web) throws IOException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    HttpServer server;
    if (web.tls() == null) {
      server = HttpServer.create(address, 16);
    } else {
      HttpsServer https = HttpsServer.create(address, 16);
      https.setHttpsConfigurator(web.tls().configurator());
      server = https;
    }
    Authenticator authenticator =
        web.users().isEmpty() ? null : new BcryptAuthenticator(web.users());
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            THREADS,
            MAX_THREADS,
            SPARE_THREAD_SECONDS,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            DaemonThreads.factory("http"));
    executor.prestartAllCoreThreads(); // threads from the start, not per scrape
    server.setExecutor(executor);
    routes.forEach(
        (path, handler) -> {
          HttpContext context = server.createContext(path, handler);
          if (authenticator != null) {
            context.setAuthenticator(authenticator);
          }
        });
    server.start();
    return new AgentHttpServer(server, executor, host, web.tls() == null ? "http" : "https");
  }

  /** The bound port (the free one picked when 0 was asked). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The bound address (e.g. the wildcard address for {@code host=0.0.0.0}). */
  public InetAddress address() {
    return server.getAddress().getAddress();
  }

  /** {@code http://host:port} or {@code https://host:port}, + {@code path}. */
  public String url(String path) {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return scheme + "://" + shown + ":" + port() + path;
  }

  /** Stops serving (used by tests; the JVM's exit does it otherwise). */
  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }
}
