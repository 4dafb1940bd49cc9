package dev.nfiwatch.agent;

import dev.nfiwatch.agent.probes.ProbeRuntime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Copies the probes' call counts into {@link AgentState#CALLS} once a second on a daemon thread, so
 * {@code status} can show them from outside; the training thread never writes a property.
 */
final class CallsPublisher {

  private CallsPublisher() {}

  /**
   * Starts publishing the calls of {@code probes} (summed over each probe's models), the first time
   * right away.
   */
  static void start(Supplier<List<ProbeRuntime>> probes) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("state"));
    timer.scheduleWithFixedDelay(() -> publish(probes), 0, 1, TimeUnit.SECONDS);
  }

  private static void publish(Supplier<List<ProbeRuntime>> probes) {
    try {
      Map<String, Long> calls = new HashMap<>();
      for (ProbeRuntime probe : probes.get()) {
        calls.merge(probe.name(), probe.calls(), Long::sum);
      }
      AgentState.calls(calls, System.currentTimeMillis());
    } catch (RuntimeException e) {
      AgentLog.once("calls-publisher", "cannot publish the call counts (" + e + ")");
    }
  }
}
