package dev.nfiwatch.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Collects the raw value of every key from the four sources, keeping the first found in the one
 * precedence order: agent argument &gt; system property ({@code -Dnfiwatch.<key>}) &gt; environment
 * variable ({@code NFIWATCH_<KEY>}) &gt; config file ({@code config=FILE}) &gt; default.
 *
 * <p>Agent argument grammar: {@code key=value,key=value…}; a comma-separated token without {@code =}
 * continues the previous value, so {@code probes=demo,generic,port=0} gives {@code probes} the value
 * {@code demo,generic}. Unknown keys are errors in agent arguments, {@code nfiwatch.*} system
 * properties and the file; environment variables are only read for known keys (the {@code NFIWATCH_}
 * prefix is shared with the project's scripts).
 */
final class ConfigSources {

  private final Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
  private final Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);

  private ConfigSources() {}

  /** Reads every source; the {@code config} file is located through the first three. */
  static ConfigSources read(
      String agentArguments, Map<String, String> systemProperties, Map<String, String> environment)
      throws ConfigException {
    ConfigSources sources = new ConfigSources();
    sources.readAgentArguments(agentArguments);
    sources.readSystemProperties(systemProperties);
    sources.readEnvironment(environment);
    String file = sources.values.get(ConfigKey.CONFIG);
    if (file != null && !file.isEmpty()) {
      sources.readFile(file);
    }
    return sources;
  }

  /** The raw value of {@code key}, or its default. */
  String value(ConfigKey key) {
    String value = values.get(key);
    return value == null ? key.defaultValue() : value;
  }

  /** Where the value of {@code key} came from, for error messages. */
  String origin(ConfigKey key) {
    String origin = origins.get(key);
    return origin == null ? "default" : origin;
  }

  private void put(ConfigKey key, String value, String origin) {
    if (!values.containsKey(key)) {
      values.put(key, value.trim());
      origins.put(key, origin);
    }
  }

  private void readAgentArguments(String arguments) throws ConfigException {
    if (arguments == null || arguments.trim().isEmpty()) {
      return;
    }
    Map<ConfigKey, String> parsed = new EnumMap<>(ConfigKey.class);
    ConfigKey previous = null;
    for (String token : arguments.split(",", -1)) {
      String trimmed = token.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq < 0) {
        if (previous == null) {
          throw new ConfigException(
              "agent argument '" + trimmed + "' is not key=value; allowed keys: " + allKeys());
        }
        parsed.put(previous, parsed.get(previous) + "," + trimmed);
        continue;
      }
      String name = trimmed.substring(0, eq).trim();
      ConfigKey key = ConfigKey.of(name);
      if (key == null) {
        throw unknownKey(name, "agent argument");
      }
      parsed.put(key, trimmed.substring(eq + 1).trim());
      previous = key;
    }
    parsed.forEach((key, value) -> put(key, value, "agent argument"));
  }

  private void readSystemProperties(Map<String, String> properties) throws ConfigException {
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith("nfiwatch.")) {
        continue;
      }
      ConfigKey key = ConfigKey.of(name.substring("nfiwatch.".length()));
      if (key == null) {
        throw unknownKey(name, "system property");
      }
      put(key, entry.getValue(), "system property " + name);
    }
  }

  private void readEnvironment(Map<String, String> environment) {
    for (ConfigKey key : ConfigKey.values()) {
      String value = environment.get(key.environmentVariable());
      if (value != null) {
        put(key, value, "environment variable " + key.environmentVariable());
      }
    }
  }

  private void readFile(String file) throws ConfigException {
    Path path = Paths.get(file);
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      properties.load(in);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "key 'config' (" + origin(ConfigKey.CONFIG) + ") has value '" + file
              + "', which cannot be read (" + e + "); allowed: a readable properties file");
    }
    for (String name : properties.stringPropertyNames()) {
      ConfigKey key = ConfigKey.of(name);
      if (key == null || key == ConfigKey.CONFIG) {
        throw unknownKey(name, "config file " + file);
      }
      put(key, properties.getProperty(name), "config file " + file);
    }
  }

  private static ConfigException unknownKey(String name, String origin) {
    return new ConfigException(
        "unknown key '" + name + "' (" + origin + "); allowed keys: " + allKeys());
  }

  private static String allKeys() {
    StringBuilder keys = new StringBuilder();
    for (ConfigKey key : ConfigKey.values()) {
      if (keys.length() > 0) {
        keys.append(", ");
      }
      keys.append(key.key());
    }
    return keys.toString();
  }
}
