package dev.nfiwatch.it.trainer;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * Runs a trainer through a child {@link URLClassLoader} whose parent is the platform loader, so
 * neither the trainer nor the instrumented class is visible from the system class loader (where the
 * agent lives). Arguments: a class path, the main class, then the trainer's arguments.
 */
public final class ChildLoaderLauncher {

  private ChildLoaderLauncher() {}

  public static void main(String[] args) throws Exception {
    String[] entries = args[0].split(File.pathSeparator);
    URL[] urls = new URL[entries.length];
    for (int i = 0; i < entries.length; i++) {
      urls[i] = new File(entries[i]).toURI().toURL();
    }
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      Class<?> main = Class.forName(args[1], true, loader);
      System.out.println("loaded " + main.getName() + " through " + main.getClassLoader());
      Method entry = main.getMethod("main", String[].class);
      entry.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
  }
}
