package dev.nfiwatch.agent.export;

import dev.nfiwatch.agent.AgentLog;
import dev.nfiwatch.agent.web.HistoryJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This JVM's entry in a Prometheus {@code file_sd} directory ({@code sd.dir=DIR}), so that many
 * training JVMs on {@code port=0} are found without hand-written targets:
 *
 * <pre>{@code
 * FileSdTarget target = FileSdTarget.write(dir, "127.0.0.1:41234", "", false, JvmIdentity.current());
 * ...
 * target.remove(); // at exit
 * }</pre>
 *
 * <p>The file, {@code nfiwatch-<host>-<pid>.json}, is written to a hidden temporary file and
 * renamed, so Prometheus never reads half of it; it carries the labels {@code pid}, {@code
 * main_class}, {@code hostname}, when given {@code instance}, and {@code __scheme__: https} when
 * the endpoint serves HTTPS. At start, files of this host
 * whose process is gone (a JVM that was killed) are removed.
 */
public final class FileSdTarget {

  private static final String PREFIX = "nfiwatch-";
  private static final String SUFFIX = ".json";

  private final Path file;

  private FileSdTarget(Path file) {
    this.file = file;
  }

  /**
   * Removes stale files of this host, then writes this JVM's target file.
   *
   * @param dir the {@code file_sd} directory (created when missing)
   * @param address the {@code host:port} Prometheus scrapes
   * @param instance the {@code instance} label, or "" to leave it to Prometheus ({@code address})
   * @param https whether the endpoint serves HTTPS ({@code web.config.file} with TLS): the target
   *     then carries {@code __scheme__: https}, so a job without {@code scheme: https} scrapes it
   *     right
   */
  public static FileSdTarget write(
      Path dir, String address, String instance, boolean https, JvmIdentity jvm)
      throws IOException {
    Files.createDirectories(dir);
    removeStale(dir, jvm);
    Path file = dir.resolve(fileName(jvm.hostName(), jvm.pid()));
    Path temporary = dir.resolve("." + file.getFileName() + ".tmp");
    Files.write(temporary, json(address, instance, https, jvm).getBytes(StandardCharsets.UTF_8));
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return new FileSdTarget(file);
  }

  /**
   * The {@code host:port} Prometheus scrapes for a server bound to {@code host}: the host itself,
   * or this machine's name when the server listens on every address.
   */
  public static String address(String host, int port, JvmIdentity jvm) {
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    String shown = wildcard ? jvm.hostName() : host;
    return (shown.contains(":") && !shown.startsWith("[") ? "[" + shown + "]" : shown) + ":" + port;
  }

  /** The target file. */
  public Path file() {
    return file;
  }

  /** Deletes the target file; logs (never throws) when it cannot. */
  public void remove() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      AgentLog.info("cannot remove the target file " + file + ": " + e);
    }
  }

  static String fileName(String hostName, long pid) {
    return hostPrefix(hostName) + pid + SUFFIX;
  }

  /** {@code nfiwatch-<host>-}: what every target file of the host starts with. */
  private static String hostPrefix(String hostName) {
    return PREFIX + hostName.replaceAll("[^A-Za-z0-9._-]", "_") + "-";
  }

  /** Deletes this host's target files whose process no longer runs. */
  private static void removeStale(Path dir, JvmIdentity jvm) throws IOException {
    String ours = hostPrefix(jvm.hostName());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ours + "*" + SUFFIX)) {
      for (Path candidate : files) {
        String name = candidate.getFileName().toString();
        String digits = name.substring(ours.length(), name.length() - SUFFIX.length());
        if (!digits.matches("[0-9]{1,19}")) {
          continue;
        }
        long pid = Long.parseLong(digits);
        if (pid != jvm.pid() && ProcessHandle.of(pid).isEmpty()) {
          Files.deleteIfExists(candidate);
          AgentLog.info("removed the stale target file " + candidate + " (process " + pid + " is gone)");
        }
      }
    }
  }

  static String json(String address, String instance, boolean https, JvmIdentity jvm) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (https) {
      labels.put("__scheme__", "https");
    }
    if (!instance.isEmpty()) {
      labels.put("instance", instance);
    }
    labels.put("hostname", jvm.hostName());
    labels.put("pid", Long.toString(jvm.pid()));
    labels.put("main_class", jvm.mainClass());
    StringBuilder out = new StringBuilder("[{\"targets\": [").append(HistoryJson.string(address));
    out.append("], \"labels\": {");
    String separator = "";
    for (Map.Entry<String, String> label : labels.entrySet()) {
      out.append(separator)
          .append(HistoryJson.string(label.getKey()))
          .append(": ")
          .append(HistoryJson.string(label.getValue()));
      separator = ", ";
    }
    return out.append("}}]\n").toString();
  }
}
