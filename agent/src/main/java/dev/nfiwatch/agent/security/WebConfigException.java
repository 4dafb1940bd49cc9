package dev.nfiwatch.agent.security;

/** What is wrong with a web config file, in one line (the caller names the key and the file). */
public final class WebConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  WebConfigException(String message) {
    super(message);
  }
}
