package dev.nfiwatch.agent.probes.library;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * Method handles onto a library's classes, looked up by name in the class loader that loaded the
 * library, and typed with {@code Object} receivers so that the agent never links against the
 * library. Invoked with {@code invokeExact}, they neither box nor allocate.
 */
public final class Handles {

  private final ClassLoader loader;

  /** Handles onto classes of {@code loader} (the loader of an object the library handed over). */
  public Handles(ClassLoader loader) {
    this.loader = loader;
  }

  /** The loader the handles are looked up in. */
  public ClassLoader loader() {
    return loader;
  }

  /** The class {@code name} as the library sees it. */
  public Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, false, loader);
  }

  /**
   * A public instance method typed {@code (Object, parameters…) → returnType} (a reference return
   * type becomes {@code Object}).
   */
  public MethodHandle method(String owner, String name, Class<?> returnType, Class<?>... parameters)
      throws ReflectiveOperationException {
    Class<?> type = type(owner);
    MethodHandle handle =
        MethodHandles.publicLookup().findVirtual(type, name, MethodType.methodType(returnType, parameters));
    return handle.asType(erase(handle.type()));
  }

  /**
   * A method whose return type is a library class: {@code returnType} names it. Typed {@code
   * (Object, parameters…) → Object}.
   */
  public MethodHandle method(String owner, String name, String returnType, Class<?>... parameters)
      throws ReflectiveOperationException {
    return method(owner, name, type(returnType), parameters);
  }

  /** A field of any visibility, typed {@code (Object) → type} ({@code Object} for references). */
  public MethodHandle field(String owner, String name) throws ReflectiveOperationException {
    Field field = type(owner).getDeclaredField(name);
    field.setAccessible(true);
    MethodHandle handle = MethodHandles.lookup().unreflectGetter(field);
    return handle.asType(erase(handle.type()));
  }

  private static MethodType erase(MethodType type) {
    MethodType erased = type.changeParameterType(0, Object.class);
    if (!type.returnType().isPrimitive() && !type.returnType().isArray()) {
      erased = erased.changeReturnType(Object.class);
    }
    return erased;
  }
}
