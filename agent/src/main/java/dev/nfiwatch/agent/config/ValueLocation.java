package dev.nfiwatch.agent.config;

/**
 * Where the generic probe finds an array in the instrumented method: an argument (by index) or the
 * return value. Written {@code argN} or {@code return} in the configuration.
 */
public final class ValueLocation {

  private static final ValueLocation RETURN = new ValueLocation(-1);

  private final int argument;

  private ValueLocation(int argument) {
    this.argument = argument;
  }

  /** The location written {@code text}, or null if it is neither {@code argN} nor {@code return}. */
  static ValueLocation parse(String text) {
    if ("return".equals(text)) {
      return RETURN;
    }
    if (text.startsWith("arg") && text.length() > 3 && text.length() <= 6) {
      for (int i = 3; i < text.length(); i++) {
        if (!Character.isDigit(text.charAt(i))) {
          return null;
        }
      }
      return new ValueLocation(Integer.parseInt(text.substring(3)));
    }
    return null;
  }

  /** An argument location. */
  public static ValueLocation argument(int index) {
    return new ValueLocation(index);
  }

  /** The return value location. */
  public static ValueLocation returnValue() {
    return RETURN;
  }

  /** Whether this is the return value. */
  public boolean isReturn() {
    return argument < 0;
  }

  /** The argument index (only when not {@link #isReturn()}). */
  public int argumentIndex() {
    return argument;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ValueLocation && ((ValueLocation) other).argument == argument;
  }

  @Override
  public int hashCode() {
    return argument;
  }

  @Override
  public String toString() {
    return isReturn() ? "return" : "arg" + argument;
  }
}
