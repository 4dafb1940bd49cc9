package dev.nfiwatch.agent.export;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Paths;

/**
 * Who this JVM is, for the labels of its target file and its pushes: the host name, the process
 * id and the main class (or the jar of {@code java -jar}), read once.
 */
public final class JvmIdentity {

  private final String hostName;
  private final long pid;
  private final String mainClass;

  JvmIdentity(String hostName, long pid, String mainClass) {
    this.hostName = hostName;
    this.pid = pid;
    this.mainClass = mainClass;
  }

  /** This JVM's identity. */
  public static JvmIdentity current() {
    return new JvmIdentity(
        localHostName(),
        ProcessHandle.current().pid(),
        mainClassOf(System.getProperty("sun.java.command", "")));
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException | SecurityException e) {
      return "localhost";
    }
  }

  /** The first word of the launcher's command: a main class, or a jar's file name. */
  static String mainClassOf(String command) {
    String first = command.trim().split("\\s+", 2)[0];
    if (first.endsWith(".jar")) {
      return Paths.get(first).getFileName().toString();
    }
    return first.isEmpty() ? "unknown" : first;
  }

  public String hostName() {
    return hostName;
  }

  public long pid() {
    return pid;
  }

  public String mainClass() {
    return mainClass;
  }
}
