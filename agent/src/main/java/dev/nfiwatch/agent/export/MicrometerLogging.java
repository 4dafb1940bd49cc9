package dev.nfiwatch.agent.export;

import dev.nfiwatch.agent.AgentLog;
import io.micrometer.common.util.internal.logging.InternalLogger;
import io.micrometer.common.util.internal.logging.InternalLoggerFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;

/**
 * Routes the (shaded) Micrometer's internal logging to {@link AgentLog} instead of its default, {@code
 * java.util.logging}: creating a registry would otherwise initialise the JUL LogManager on the
 * agent's thread, before the application had a chance to configure it. Warnings and errors are kept
 * (one line each); debug and trace are dropped.
 */
final class MicrometerLogging {

  private MicrometerLogging() {}

  /** Installs the factory; call before the first Micrometer class that logs is initialised. */
  static void install() {
    InternalLoggerFactory.setDefaultFactory(
        new InternalLoggerFactory() {
          @Override
          protected InternalLogger newInstance(String name) {
            return (InternalLogger)
                Proxy.newProxyInstance(
                    InternalLogger.class.getClassLoader(),
                    new Class<?>[] {InternalLogger.class},
                    (proxy, method, args) -> invoke(name, method, args));
          }
        });
  }

  private static Object invoke(String name, Method method, Object[] args) {
    String level = method.getName();
    boolean kept = level.startsWith("warn") || level.startsWith("error") || level.startsWith("isWarn")
        || level.startsWith("isError");
    if (level.equals("name")) {
      return name;
    }
    if (method.getReturnType() == boolean.class) {
      return kept;
    }
    if (kept && args != null && args.length > 0) {
      AgentLog.info("micrometer " + level + ": " + Arrays.deepToString(args));
    }
    return null;
  }
}
