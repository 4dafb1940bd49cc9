package dev.nfiwatch.agent.bridge;

/**
 * Receives what the framework probes' inlined advice hands over. Lives in the bootstrap class
 * loader together with {@link FrameworkBridge}, so it may reference JDK types only; the agent
 * implements it and reads the library objects reflectively.
 */
public interface FrameworkSink {

  /**
   * One event of a framework probe.
   *
   * @param event what happened ({@code FrameworkBridge.*} event constants)
   * @param subject the instrumented object ({@code this}), or null for static methods
   * @param first the event's first value (see the event constant), or null
   * @param second the event's second value, or null
   * @param third the event's third value, or null
   */
  void onEvent(int event, Object subject, Object first, Object second, Object third);
}
