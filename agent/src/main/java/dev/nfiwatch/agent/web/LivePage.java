package dev.nfiwatch.agent.web;

import com.sun.net.httpserver.HttpServer;

/**
 * The agent's built-in live page, for users with no Prometheus or Grafana: {@code /} serves the
 * page and its files, {@code /api/history} the per-probe history it polls.
 *
 * <pre>{@code
 * ProbeHistories histories = new ProbeHistories();
 * LivePage.register(server, histories);   // server: the agent's HttpServer
 * }</pre>
 */
public final class LivePage {

  /** The path of the JSON the page polls. */
  public static final String HISTORY_PATH = "/api/history";

  private LivePage() {}

  /** Adds the page's routes to a server; {@code /} also answers 404 for paths no route claims. */
  public static void register(HttpServer server, ProbeHistories histories) {
    server.createContext("/", new LivePageAssets());
    server.createContext(HISTORY_PATH, new HistoryEndpoint(histories));
  }
}
