package dev.nfiwatch.agent.web;

import com.sun.net.httpserver.HttpHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's built-in live page, for users with no Prometheus or Grafana: {@code /} serves the
 * page and its files, {@code /api/history} the per-probe history it polls.
 *
 * <pre>{@code
 * routes.putAll(LivePage.routes(ProbeHistories.of(probeRuntimes)));
 * }</pre>
 */
public final class LivePage {

  /** The path of the page. */
  public static final String PAGE_PATH = "/";

  /** The path of the JSON the page polls. */
  public static final String HISTORY_PATH = "/api/history";

  private LivePage() {}

  /**
   * The page's routes (path prefix → handler). {@code /} also answers 404 for any path that no
   * other route claims.
   */
  public static Map<String, HttpHandler> routes(ProbeHistories histories) {
    Map<String, HttpHandler> routes = new LinkedHashMap<>();
    routes.put(PAGE_PATH, new LivePageAssets());
    routes.put(HISTORY_PATH, new HistoryEndpoint(histories));
    return routes;
  }
}
