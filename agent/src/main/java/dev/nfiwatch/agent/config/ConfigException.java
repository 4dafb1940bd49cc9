package dev.nfiwatch.agent.config;

/** A configuration error; its message is the one line shown to the user. */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  /** An error whose message names the key, the value and what is allowed. */
  public ConfigException(String message) {
    super(message);
  }
}
