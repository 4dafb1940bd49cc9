package dev.nfiwatch.agent.probes;

import dev.nfiwatch.agent.bridge.Bridge;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.Set;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts the bridge classes (and nothing else of the agent) into the bootstrap class loader, so
 * that advice inlined into a class of any loader can call them. Must run before any agent code
 * touches {@link Bridge}, which is why the names are written as strings here.
 */
public final class BridgeInjector {

  private static final String BRIDGE = "dev.nfiwatch.agent.bridge.Bridge";
  private static final String SINK = "dev.nfiwatch.agent.bridge.BridgeSink";
  private static final String FRAMEWORK_BRIDGE = "dev.nfiwatch.agent.bridge.FrameworkBridge";
  private static final String FRAMEWORK_SINK = "dev.nfiwatch.agent.bridge.FrameworkSink";

  private BridgeInjector() {}

  /**
   * Injects the bridge unless the bootstrap loader already has it (a second attach).
   *
   * @throws IOException if the temporary jar for the bootstrap search path cannot be written
   */
  public static void inject(Instrumentation instrumentation) throws IOException {
    if (isOnBootstrap()) {
      return;
    }
    File folder = Files.createTempDirectory("nfiwatch-bridge").toFile();
    folder.deleteOnExit(); // registered first, so deleted after any file registered below
    ClassFileLocator locator =
        ClassFileLocator.ForClassLoader.of(BridgeInjector.class.getClassLoader());
    try {
      ClassInjector.UsingInstrumentation.of(
              folder, ClassInjector.UsingInstrumentation.Target.BOOTSTRAP, instrumentation)
          .injectRaw(Set.of(SINK, BRIDGE, FRAMEWORK_SINK, FRAMEWORK_BRIDGE), locator);
    } finally {
      remove(folder);
    }
  }

  /**
   * Deletes the jar written for the bootstrap search path, now that the JVM has opened it and
   * loaded all of its classes, so that a JVM killed later (SIGKILL, a crash: no exit hooks) leaves
   * nothing in the temporary folder. Where an open file cannot be deleted (Windows), what is left
   * goes at exit.
   */
  private static void remove(File folder) {
    File[] files = folder.listFiles();
    for (File file : files == null ? new File[0] : files) {
      if (!file.delete()) {
        file.deleteOnExit();
      }
    }
    folder.delete(); // else at exit
  }

  private static boolean isOnBootstrap() {
    try {
      Class.forName(BRIDGE, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
