package dev.nfiwatch.it.trainer;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} / {@code --flag} command-line options of the test trainers. */
final class Args {

  private final Map<String, String> values = new HashMap<>();

  Args(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String key = args[i].replaceFirst("^--", "");
      boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
      values.put(key, hasValue ? args[++i] : "true");
    }
  }

  String string(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  int integer(String key, int fallback) {
    return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
  }

  double real(String key, double fallback) {
    return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
  }

  boolean flag(String key) {
    return values.containsKey(key);
  }
}
