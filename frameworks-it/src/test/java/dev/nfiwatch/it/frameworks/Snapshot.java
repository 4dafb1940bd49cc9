package dev.nfiwatch.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The agent's final scrape (its {@code snapshot=FILE}), read one sample at a time. */
public final class Snapshot {

  private final String text;

  private Snapshot(String text) {
    this.text = text;
  }

  /** Reads the snapshot the agent wrote at exit. */
  public static Snapshot read(Path file) throws IOException {
    assertThat(file).as("agent snapshot").exists();
    return new Snapshot(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The value of {@code metric{probe="probe"…}} whose labels also contain {@code extra}. */
  public double value(String metric, String probe, String extra) {
    Pattern pattern =
        Pattern.compile(
            "(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$");
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      String labels = matcher.group(1);
      if (labels.contains("probe=\"" + probe + "\"") && labels.contains(extra)) {
        return Double.parseDouble(matcher.group(2));
      }
    }
    throw new AssertionError("no " + metric + " for probe " + probe + " " + extra + " in:\n" + text);
  }

  /** The value of {@code metric{probe="probe"}}. */
  public double value(String metric, String probe) {
    return value(metric, probe, "");
  }

  /** The sum of the probe's errors over every reason. */
  public double errors(String probe) {
    Pattern pattern = Pattern.compile("(?m)^nfi_probe_errors_total\\{([^}]*)\\} (\\S+)$");
    Matcher matcher = pattern.matcher(text);
    double total = 0;
    while (matcher.find()) {
      if (matcher.group(1).contains("probe=\"" + probe + "\"")) {
        total += Double.parseDouble(matcher.group(2));
      }
    }
    return total;
  }

  @Override
  public String toString() {
    return text;
  }
}
