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
 * Puts the two bridge classes (and nothing else of the agent) into the bootstrap class loader, so
 * that advice inlined into a class of any loader can call them. Must run before any agent code
 * touches {@link Bridge}, which is why the names are written as strings here.
 */
public final class BridgeInjector {

  private static final String BRIDGE = "dev.nfiwatch.agent.bridge.Bridge";
  private static final String SINK = "dev.nfiwatch.agent.bridge.BridgeSink";

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
    folder.deleteOnExit();
    ClassFileLocator locator =
        ClassFileLocator.ForClassLoader.of(BridgeInjector.class.getClassLoader());
    ClassInjector.UsingInstrumentation.of(
            folder, ClassInjector.UsingInstrumentation.Target.BOOTSTRAP, instrumentation)
        .injectRaw(Set.of(SINK, BRIDGE), locator);
    for (File file : folder.listFiles()) {
      file.deleteOnExit();
    }
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
