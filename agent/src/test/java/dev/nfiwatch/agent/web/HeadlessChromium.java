package dev.nfiwatch.agent.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver, for the live page's browser tests.
 *
 * <p>Both programs are looked up on {@code PATH} and handed to Selenium explicitly, so Selenium
 * Manager never downloads anything. When one is missing the test is skipped, except under {@code
 * CI=true} where it fails. Each instance uses a fresh profile directory and records the browser
 * console and the network events, so a test can check for console errors and for requests that
 * leave the loopback interface.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final int WIDTH = 1500;

  /**
   * Debian's Chromium is usually newer than Selenium's CDP bindings, which then warns on every
   * start; these tests use the driver's logs, not the bindings, so the warning is noise.
   */
  private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools");

  static {
    CDP_VERSION_LOG.setLevel(Level.SEVERE);
  }

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final List<LogEntry> console = new ArrayList<>();
  private final List<String> requestedUrls = new ArrayList<>();

  private HeadlessChromium(Path browser, Path chromedriver, List<String> arguments)
      throws IOException {
    profile = Files.createTempDirectory("nfiwatch-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=" + WIDTH + ",1200", "--user-data-dir=" + profile);
    options.addArguments(arguments);
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    logging.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
  }

  /** Starts Chromium, or skips the test (fails it under CI=true) when it is not installed. */
  public static HeadlessChromium start() throws IOException {
    return start(List.of());
  }

  /**
   * Starts Chromium trusting one TLS server key besides the system's roots: {@code
   * --ignore-certificate-errors-spki-list} with the SHA-256 of the key's SubjectPublicKeyInfo, so
   * an HTTPS endpoint with a test CA's certificate loads and any other certificate error still
   * fails.
   */
  public static HeadlessChromium trusting(X509Certificate server)
      throws IOException {
    try {
      byte[] spki =
          MessageDigest.getInstance("SHA-256").digest(server.getPublicKey().getEncoded());
      return start(List.of("--ignore-certificate-errors-spki-list="
          + Base64.getEncoder().encodeToString(spki)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HeadlessChromium start(List<String> arguments) throws IOException {
    Optional<Path> browser = onPath("chromium", "chromium-browser");
    Optional<Path> chromedriver = onPath("chromedriver");
    if (browser.isEmpty() || chromedriver.isEmpty()) {
      String missing = "the live page's browser test needs Debian's chromium and chromium-driver on"
          + " PATH (./test.sh installs them); found chromium=" + browser.isPresent()
          + ", chromedriver=" + chromedriver.isPresent();
      if ("true".equals(System.getenv("CI"))) {
        fail(missing);
      }
      Assumptions.abort(missing);
    }
    return new HeadlessChromium(browser.get(), chromedriver.get(), arguments);
  }

  private static Optional<Path> onPath(String... names) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Paths.get(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  public void open(String url) {
    driver.get(url);
  }

  /**
   * Sends HTTP basic credentials with every request from now on (DevTools {@code
   * Network.setExtraHTTPHeaders}), as a browser does once its user has answered the password
   * prompt.
   */
  public void sendBasicAuth(String user, String password) {
    String token =
        Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand(
        "Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
  }


  /** Runs a script in the page and returns its result (the script must {@code return} it). */
  public Object script(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** Waits until a script returns {@code true}. */
  public void waitUntil(String script, Duration timeout) {
    new WebDriverWait(driver, timeout)
        .withMessage("page never satisfied: " + script)
        .until(d -> Boolean.TRUE.equals(script(script)));
  }

  /** Console messages at error level since the last call. */
  public List<String> consoleErrors() {
    console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : console) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  /** Every URL the page asked the network for, from the DevTools network events. */
  @SuppressWarnings("unchecked")
  public List<String> requestedUrls() {
    Json json = new Json();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
      Map<String, Object> envelope = json.toType(entry.getMessage(), Map.class);
      Map<String, Object> message = (Map<String, Object>) envelope.get("message");
      String method = String.valueOf(message.get("method"));
      Map<String, Object> params = (Map<String, Object>) message.get("params");
      if (method.equals("Network.requestWillBeSent")) {
        requestedUrls.add(String.valueOf(((Map<String, Object>) params.get("request")).get("url")));
      } else if (method.equals("Network.webSocketCreated")) {
        requestedUrls.add(String.valueOf(params.get("url")));
      }
    }
    return new ArrayList<>(requestedUrls);
  }

  /**
   * Whether a URL stays on this machine: loopback http(s)/ws, an inline data/blob URL, or one of
   * the browser's own chrome:// pages (its new-tab page loads those before the test navigates).
   */
  public static boolean staysOnThisMachine(String url) {
    URI uri = URI.create(url);
    String scheme = String.valueOf(uri.getScheme());
    if (scheme.equals("data") || scheme.equals("blob") || scheme.equals("about")
        || scheme.equals("chrome")) {
      return true;
    }
    String host = String.valueOf(uri.getHost());
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
  }

  /**
   * The live page's charts, one map per chart: {@code probe}, {@code chart} (id), {@code points}
   * (non-null values plotted), {@code canvas} (drawn with a size), {@code na} (n/a shown instead).
   */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> liveCharts() {
    return (List<Map<String, Object>>) script(CHART_STATE);
  }

  private static final String CHART_STATE = "var out = [];"
      + "Object.keys(nfiwatch.sections).forEach(function (name) {"
      + "  var charts = nfiwatch.sections[name].charts;"
      + "  Object.keys(charts).forEach(function (id) {"
      + "    var c = charts[id], points = 0;"
      + "    if (c.plot) for (var i = 1; i < c.plot.data.length; i++)"
      + "      points += c.plot.data[i].filter(function (v) { return v !== null; }).length;"
      + "    var canvas = c.box.querySelector('canvas');"
      + "    out.push({probe: name, chart: id, points: points,"
      + "      canvas: !!canvas && canvas.width > 0 && c.box.offsetHeight > 0,"
      + "      na: getComputedStyle(c.na).display !== 'none'});"
      + "  });"
      + "});"
      + "return out;";

  /** Writes a PNG screenshot of the whole page (the window is resized to the page's height). */
  public void screenshot(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Number height = (Number) script("return document.documentElement.scrollHeight"
        + " + window.outerHeight - window.innerHeight");
    driver.manage().window().setSize(new Dimension(WIDTH, Math.max(600, height.intValue())));
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.stop();
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
