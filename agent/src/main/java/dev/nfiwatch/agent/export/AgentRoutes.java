package dev.nfiwatch.agent.export;

import com.sun.net.httpserver.HttpHandler;
import dev.nfiwatch.agent.web.LivePage;
import dev.nfiwatch.agent.web.ProbeHistories;
import dev.nfiwatch.agent.analysis.BatchObserver;
import dev.nfiwatch.agent.probes.ProbeRuntime;
import dev.nfiwatch.agent.web.HistoryRecorder;
import dev.nfiwatch.agent.web.ProbeHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every HTTP route the agent serves, listed here and nowhere else. */
public final class AgentRoutes {

  private AgentRoutes() {}

  /** Path (prefix) → handler. */
  public static Map<String, HttpHandler> of(ExportContext context) {
    Map<String, HttpHandler> routes = new LinkedHashMap<>();
    routes.put("/metrics", new MetricsHandler(context.registry(), context.metrics()));
    routes.put("/healthz", new TextHandler("ok\n"));
    routes.putAll(LivePage.routes(new ProbeHistories(() -> histories(context.probes()))));
    return routes;
  }

  /** The histories kept by the {@link HistoryRecorder}s among these runtimes' observers. */
  private static List<ProbeHistory> histories(List<ProbeRuntime> runtimes) {
    List<ProbeHistory> found = new ArrayList<>();
    for (ProbeRuntime runtime : runtimes) {
      for (BatchObserver observer : runtime.observers()) {
        if (observer instanceof HistoryRecorder) {
          found.add(((HistoryRecorder) observer).history());
        }
      }
    }
    return found;
  }
}
