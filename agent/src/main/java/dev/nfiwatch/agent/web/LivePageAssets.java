package dev.nfiwatch.agent.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Serves the live page's files from the agent jar: the page's own HTML, script and style, and
 * uPlot from its webjar. Every file is read once, when the handler is built; anything else under
 * the handler's context is a 404. The page's Content-Security-Policy allows only its own origin,
 * so a browser refuses any request to another host.
 */
public final class LivePageAssets implements HttpHandler {

  private static final String PAGE_DIR = "dev/nfiwatch/agent/web/";
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
      + "style-src 'self'; connect-src 'self'; frame-ancestors 'none'";

  private final Map<String, Asset> byPath;

  /** Reads every asset; fails with the missing resource's name when the jar is incomplete. */
  public LivePageAssets() {
    String uplotDir = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    Map<String, Asset> assets = new HashMap<>();
    Asset page = Asset.load(PAGE_DIR + "index.html", "text/html; charset=utf-8");
    assets.put("/", page);
    assets.put("/index.html", page);
    assets.put("/app.js", Asset.load(PAGE_DIR + "app.js", "text/javascript; charset=utf-8"));
    assets.put("/style.css", Asset.load(PAGE_DIR + "style.css", "text/css; charset=utf-8"));
    assets.put("/uPlot.iife.min.js",
        Asset.load(uplotDir + "uPlot.iife.min.js", "text/javascript; charset=utf-8"));
    assets.put("/uPlot.min.css", Asset.load(uplotDir + "uPlot.min.css", "text/css; charset=utf-8"));
    this.byPath = Collections.unmodifiableMap(assets);
  }

  private static String uplotVersion() {
    Properties properties = new Properties();
    try (InputStream in = resource(PAGE_DIR + "webjars.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("uplot.version");
  }

  private static InputStream resource(String name) {
    InputStream in = LivePageAssets.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("live page resource missing from the agent jar: " + name);
    }
    return in;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Asset asset = byPath.get(exchange.getRequestURI().getPath());
      if (asset == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", asset.contentType);
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      if ("HEAD".equals(method)) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, asset.bytes.length);
      exchange.getResponseBody().write(asset.bytes);
    } finally {
      exchange.close();
    }
  }

  private static final class Asset {
    final byte[] bytes;
    final String contentType;

    private Asset(byte[] bytes, String contentType) {
      this.bytes = bytes;
      this.contentType = contentType;
    }

    static Asset load(String name, String contentType) {
      try (InputStream in = resource(name)) {
        return new Asset(in.readAllBytes(), contentType);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name, e);
      }
    }
  }
}
