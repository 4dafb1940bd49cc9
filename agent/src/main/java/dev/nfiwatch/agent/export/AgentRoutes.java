package dev.nfiwatch.agent.export;

import com.sun.net.httpserver.HttpHandler;
import dev.nfiwatch.agent.web.LivePage;
import dev.nfiwatch.agent.web.ProbeHistories;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every HTTP route the agent serves, listed here and nowhere else. */
public final class AgentRoutes {

  private AgentRoutes() {}

  /** Path (prefix) → handler. */
  public static Map<String, HttpHandler> of(ExportContext context) {
    Map<String, HttpHandler> routes = new LinkedHashMap<>();
    routes.put("/metrics", new MetricsHandler(context.registry(), context.metrics()));
    routes.put("/healthz", new TextHandler("ok\n"));
    routes.putAll(LivePage.routes(ProbeHistories.of(context.probes())));
    return routes;
  }
}
