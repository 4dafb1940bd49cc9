package dev.nfiwatch.agent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Every thread the agent starts: named {@code nfiwatch-…} and daemon, so it never keeps a JVM alive. */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** A started-later daemon thread named {@code nfiwatch-<name>}. */
  public static Thread newThread(String name, Runnable task) {
    Thread thread = new Thread(task, "nfiwatch-" + name);
    thread.setDaemon(true);
    return thread;
  }

  /** A factory of daemon threads named {@code nfiwatch-<name>-N}. */
  public static ThreadFactory factory(String name) {
    AtomicInteger counter = new AtomicInteger();
    return task -> newThread(name + "-" + counter.incrementAndGet(), task);
  }
}
