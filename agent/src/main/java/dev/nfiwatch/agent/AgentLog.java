package dev.nfiwatch.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's one-line messages on stderr, prefixed {@code [nfiwatch]}. Deliberately not {@code
 * java.util.logging}: touching the JUL LogManager from an agent breaks applications that configure it
 * later.
 */
public final class AgentLog {

  private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

  private AgentLog() {}

  /** Prints one line. */
  public static void info(String message) {
    System.err.println("[nfiwatch] " + message);
  }

  /** Prints one line the first time {@code key} is seen; returns whether it printed. */
  public static boolean once(String key, String message) {
    if (ONCE.add(key)) {
      info(message);
      return true;
    }
    return false;
  }
}
