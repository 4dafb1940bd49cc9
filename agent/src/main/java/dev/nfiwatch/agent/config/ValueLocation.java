package dev.nfiwatch.agent.config;

import java.util.Objects;

/**
 * Where the generic probe finds a value in the instrumented method: an argument (by index), the
 * return value, or a field of the instrumented object. Written {@code argN}, {@code return} or
 * {@code field:NAME} in the configuration.
 */
public final class ValueLocation {

  private static final ValueLocation RETURN = new ValueLocation(-1, null);

  private final int argument;
  private final String field;

  private ValueLocation(int argument, String field) {
    this.argument = argument;
    this.field = field;
  }

  /**
   * The location written {@code text}, or null if it is neither {@code argN}, {@code return} nor
   * {@code field:NAME} with a Java identifier as NAME.
   */
  static ValueLocation parse(String text) {
    if ("return".equals(text)) {
      return RETURN;
    }
    if (text.startsWith("field:")) {
      String name = text.substring("field:".length());
      if (!isIdentifier(name)) {
        return null;
      }
      return new ValueLocation(-1, name);
    }
    if (text.startsWith("arg") && text.length() > 3 && text.length() <= 6) {
      for (int i = 3; i < text.length(); i++) {
        if (!Character.isDigit(text.charAt(i))) {
          return null;
        }
      }
      return new ValueLocation(Integer.parseInt(text.substring(3)), null);
    }
    return null;
  }

  private static boolean isIdentifier(String name) {
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!Character.isJavaIdentifierPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** An argument location. */
  public static ValueLocation argument(int index) {
    return new ValueLocation(index, null);
  }

  /** The return value location. */
  public static ValueLocation returnValue() {
    return RETURN;
  }

  /** A field of the instrumented object. */
  public static ValueLocation field(String name) {
    return new ValueLocation(-1, Objects.requireNonNull(name));
  }

  /** Whether this is the return value. */
  public boolean isReturn() {
    return argument < 0 && field == null;
  }

  /** Whether this is a field of the instrumented object. */
  public boolean isField() {
    return field != null;
  }

  /** Whether this is an argument. */
  public boolean isArgument() {
    return argument >= 0;
  }

  /** The argument index (only when {@link #isArgument()}). */
  public int argumentIndex() {
    return argument;
  }

  /** The field's name (only when {@link #isField()}). */
  public String fieldName() {
    return field;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ValueLocation
        && ((ValueLocation) other).argument == argument
        && Objects.equals(((ValueLocation) other).field, field);
  }

  @Override
  public int hashCode() {
    return 31 * argument + Objects.hashCode(field);
  }

  @Override
  public String toString() {
    return isReturn() ? "return" : isField() ? "field:" + field : "arg" + argument;
  }
}
