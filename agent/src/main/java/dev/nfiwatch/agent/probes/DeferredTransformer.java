package dev.nfiwatch.agent.probes;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Stands in for the Byte Buddy transformer at JVM start: it compares each loading class's name with
 * the probed ones and builds the real transformer (loading Byte Buddy, several hundred classes) only
 * when a probed class first appears. A JVM that never loads a probed class, such as a build tool
 * that inherited the agent through {@code JAVA_TOOL_OPTIONS}, pays a string lookup per class instead
 * of Byte Buddy's start-up.
 */
final class DeferredTransformer implements ClassFileTransformer {

  private final Set<String> internalNames;
  private final Supplier<ClassFileTransformer> factory;
  private volatile ClassFileTransformer delegate;

  /**
   * @param classNames the probed classes, fully qualified ({@code a.b.C})
   * @param factory builds the real transformer on first use
   */
  DeferredTransformer(Set<String> classNames, Supplier<ClassFileTransformer> factory) {
    this.internalNames =
        classNames.stream().map(n -> n.replace('.', '/')).collect(Collectors.toUnmodifiableSet());
    this.factory = factory;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer)
      throws IllegalClassFormatException {
    if (className == null || !internalNames.contains(className)) {
      return null;
    }
    return delegate().transform(
        loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  private ClassFileTransformer delegate() {
    ClassFileTransformer current = delegate;
    if (current == null) {
      synchronized (this) {
        current = delegate;
        if (current == null) {
          current = factory.get();
          delegate = current;
        }
      }
    }
    return current;
  }
}
