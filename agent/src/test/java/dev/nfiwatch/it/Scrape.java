package dev.nfiwatch.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A Prometheus text scrape, fetched over HTTP or read from a snapshot file, and its samples. */
final class Scrape {

  private final String text;

  private Scrape(String text) {
    this.text = text;
  }

  /** GETs {@code url} with the given {@code Accept} header (null: none). */
  static HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
    return get(url, accept, Duration.ofSeconds(10));
  }

  /** GETs {@code url}, waiting at most {@code timeout} for the answer. */
  static HttpResponse<String> get(String url, String accept, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The scrape at {@code url} (Prometheus text format). */
  static Scrape fetch(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = get(url, null);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + url + " answered " + response.statusCode());
    }
    return new Scrape(response.body());
  }

  /**
   * The scrape at {@code url} once {@code probe}'s background analysis has caught up with the calls
   * it was handed (analysed calls equal observed calls), polled for at most {@code timeout}; fails
   * if it never does.
   */
  static Scrape fetchSettled(String url, String probe, Duration timeout)
      throws IOException, InterruptedException {
    String label = "{model=\"0\",probe=\"" + probe + "\"}";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Scrape scrape = fetch(url);
      double calls = scrape.value("nfi_backward_calls_total" + label);
      double handled = scrape.value("nfi_analysis_seconds_count" + label);
      if (handled == calls) {
        return scrape;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "probe " + probe + " analysed " + handled + " of " + calls + " calls within " + timeout);
      }
      Thread.sleep(50);
    }
  }

  /** A scrape's text fetched by other means (e.g. over HTTPS). */
  static Scrape of(String text) {
    return new Scrape(text);
  }

  /** The snapshot the agent wrote at exit. */
  static Scrape read(Path snapshot) throws IOException {
    return new Scrape(Files.readString(snapshot));
  }

  /** The value of the sample written exactly {@code series} (name and labels), or fails. */
  double value(String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
      }
    }
    throw new AssertionError("no sample " + series + " in:\n" + text);
  }

  String text() {
    return text;
  }
}
