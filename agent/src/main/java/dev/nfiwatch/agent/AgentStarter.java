package dev.nfiwatch.agent;

import dev.nfiwatch.agent.config.AgentConfig;
import dev.nfiwatch.agent.config.ConfigException;
import dev.nfiwatch.agent.config.Mode;
import dev.nfiwatch.agent.export.ExitReport;
import dev.nfiwatch.agent.export.FileSdTarget;
import dev.nfiwatch.agent.export.JvmIdentity;
import dev.nfiwatch.agent.export.MetricsExporter;
import dev.nfiwatch.agent.export.MetricsPusher;
import dev.nfiwatch.agent.probes.BridgeInjector;
import dev.nfiwatch.agent.probes.ProbeInstaller;
import dev.nfiwatch.agent.probes.Probes;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the agent in order: configuration, bootstrap bridge, probes (synchronously, so no class is
 * missed), then metrics and HTTP on a daemon thread (so that premain touches neither JUL nor JMX and
 * returns quickly), and the exit report as a shutdown hook. Starts at most once per JVM (a second
 * {@code -javaagent} or attach installs no second set of probes), and publishes each step in {@link
 * AgentState}.
 */
final class AgentStarter {

  /** Thrown to fail the JVM start when {@code strict=true} and the configuration is invalid. */
  static final class StrictConfigurationError extends Error {
    private static final long serialVersionUID = 1L;

    StrictConfigurationError(String message) {
      super(message);
    }
  }

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private AgentStarter() {}

  /**
   * @param arguments the agent arguments, or null
   * @param instrumentation the JVM's instrumentation
   * @param atStart true for {@code -javaagent} (premain), false for dynamic attach (agentmain)
   */
  static void start(String arguments, Instrumentation instrumentation, boolean atStart)
      throws Exception {
    if (!STARTED.compareAndSet(false, true)) {
      AgentLog.info("already running in this JVM (settings: " + AgentState.readable(
          System.getProperty(AgentState.SETTINGS, "")) + "); ignoring the second start");
      return;
    }
    AgentState.starting(version(), arguments, atStart);
    AgentConfig config;
    try {
      config = AgentConfig.load(arguments, System.getProperties(), System.getenv());
    } catch (ConfigException e) {
      if (AgentConfig.strictRequested(arguments, System.getProperties(), System.getenv())) {
        AgentLog.info("configuration error: " + e.getMessage() + " (strict=true: stopping the JVM)");
        notStarted("configuration error: " + e.getMessage());
        throw new StrictConfigurationError("nfiwatch configuration error: " + e.getMessage());
      }
      String line =
          "configuration error: " + e.getMessage() + "; the agent is disabled, training goes on";
      AgentLog.info(line);
      notStarted(line);
      return;
    }
    if (!config.enabled()) {
      AgentLog.info("disabled (enabled=false)");
      notStarted("disabled (enabled=false)");
      return;
    }
    if (config.mode() == Mode.REPAIR) {
      AgentLog.info(
          "*** MODE=REPAIR: nfiwatch REWRITES the softmax gradient of the probed training ***");
      AgentLog.info(
          "*** every sample whose zero-sum residual is above rounding level gets its correct-class"
              + " entry replaced by -(sum of the others); results differ from an unobserved run ***");
    }
    BridgeInjector.inject(instrumentation);
    Probes probes = Probes.create(config);
    probes.connectBridge();
    if (atStart) {
      ProbeInstaller.installAtStart(instrumentation, probes, config.generic());
    } else {
      ProbeInstaller.installOnRunning(instrumentation, probes, config.generic());
    }
    AgentState.phase(AgentState.PHASE_STARTING_EXPORT);
    startExport(config, probes);
  }

  /**
   * A start that installed nothing: says so in the state and lets a later attach (with corrected
   * arguments) start the agent after all.
   */
  private static void notStarted(String reason) {
    AgentState.disabled(reason);
    STARTED.set(false);
  }

  private static void startExport(AgentConfig config, Probes probes) {
    String version = version();
    JvmIdentity jvm = JvmIdentity.current();
    Export export = new Export();
    Thread starter =
        DaemonThreads.newThread(
            "export",
            () -> {
              try {
                MetricsExporter created = new MetricsExporter(config, probes::all, version);
                MetricsPusher pusher =
                    config.push() == null
                        ? null
                        : new MetricsPusher(config.push(), pushInstance(config, jvm), created);
                synchronized (export) {
                  export.exporter = created;
                  export.pusher = pusher;
                }
                created.serve();
                CallsPublisher.start(probes::all);
                AgentState.phase(AgentState.PHASE_UP);
                if (pusher != null) {
                  pusher.start();
                }
                if (!config.sdDir().isEmpty() && created.server() != null) {
                  writeTarget(config, created, jvm, export);
                }
              } catch (RuntimeException | LinkageError e) {
                String line = "metrics export failed to start (" + e + "); training goes on";
                AgentLog.info(line);
                AgentState.notServing(line);
                AgentState.phase(AgentState.PHASE_UP);
              }
            });
    starter.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (!config.snapshot().isEmpty() || config.push() != null) {
                      // The snapshot and the last push need the registry: let a short job's
                      // export finish starting.
                      starter.join(TimeUnit.SECONDS.toMillis(5));
                    }
                    MetricsExporter created;
                    MetricsPusher pusher;
                    FileSdTarget target;
                    synchronized (export) {
                      created = export.exporter;
                      pusher = export.pusher;
                      target = export.target;
                    }
                    if (target != null) {
                      // First, while the endpoint still answers: Prometheus stops scraping a
                      // JVM that ends normally before it can find it down.
                      target.remove();
                    }
                    probes.disconnectBridge();
                    ExitReport.run(
                        probes.names(),
                        probes.all(),
                        config.snapshot(),
                        () -> created == null ? "" : created.scrape());
                    if (pusher != null) {
                      pusher.finish();
                    }
                  } catch (InterruptedException | RuntimeException | LinkageError e) {
                    AgentLog.info("exit report failed: " + e);
                  }
                },
                "nfiwatch-exit"));
  }

  /** What the export thread started, for the exit hook (guarded by itself). */
  private static final class Export {
    MetricsExporter exporter;
    MetricsPusher pusher;
    FileSdTarget target;
  }

  private static void writeTarget(
      AgentConfig config, MetricsExporter exporter, JvmIdentity jvm, Export export) {
    String address = FileSdTarget.address(config.host(), exporter.server().port(), jvm);
    try {
      FileSdTarget target =
          FileSdTarget.write(
              Paths.get(config.sdDir()),
              address,
              config.instance(),
              config.webConfig().tls() != null,
              jvm);
      synchronized (export) {
        export.target = target;
      }
      AgentLog.info("Prometheus target " + address + " written to " + target.file());
    } catch (IOException | RuntimeException e) {
      AgentLog.info(
          "cannot write the target file in " + config.sdDir() + " (" + e + "); Prometheus will"
              + " not find this JVM through file_sd. Training goes on.");
    }
  }

  /** The push's {@code instance}: the user's name, else host name and pid. */
  private static String pushInstance(AgentConfig config, JvmIdentity jvm) {
    return config.instance().isEmpty() ? jvm.hostName() + ":" + jvm.pid() : config.instance();
  }

  private static String version() {
    String version = AgentStarter.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
