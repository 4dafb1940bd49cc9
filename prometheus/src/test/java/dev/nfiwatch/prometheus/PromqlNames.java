package dev.nfiwatch.prometheus;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, found lexically: string literals, label matchers,
 * range and subquery brackets, grouping clauses, function calls, keywords and numbers are not
 * names. Enough for the project's own rules and dashboard, which a test keeps to the metrics the
 * agent exports; not a PromQL parser.
 */
public final class PromqlNames {

  private static final Pattern STRINGS =
      Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
  private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
  private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLES = Pattern.compile("\\$\\{?\\w+}?");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "start",
          "end");

  private PromqlNames() {}

  /** The metric names {@code expression} selects, sorted. */
  public static Set<String> in(String expression) {
    String rest = STRINGS.matcher(expression).replaceAll(" ");
    rest = BRACES.matcher(rest).replaceAll(" ");
    rest = BRACKETS.matcher(rest).replaceAll(" ");
    rest = GROUPING.matcher(rest).replaceAll(" ");
    rest = VARIABLES.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(rest);
    while (identifier.find()) {
      String name = identifier.group();
      if (!KEYWORDS.contains(name.toLowerCase())) {
        names.add(name);
      }
    }
    return names;
  }
}
