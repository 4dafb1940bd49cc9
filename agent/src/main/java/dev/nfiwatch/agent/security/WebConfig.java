package dev.nfiwatch.agent.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent's endpoint asks of its clients, from a {@code web.config.file} in the Prometheus
 * exporter toolkit's format (see {@link WebConfigFile}): TLS, basic auth users, both, or neither.
 */
public final class WebConfig {

  private static final WebConfig NONE = new WebConfig("", null, Collections.emptyMap());

  private final String file;
  private final ServerTls tls;
  private final Map<String, String> users;

  WebConfig(String file, ServerTls tls, Map<String, String> users) {
    this.file = file;
    this.tls = tls;
    this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
  }

  /** No web config: plain HTTP, no authentication. */
  public static WebConfig none() {
    return NONE;
  }

  /** The file it was read from, "" for {@link #none()}. */
  public String file() {
    return file;
  }

  /** The TLS settings, or null for plain HTTP. */
  public ServerTls tls() {
    return tls;
  }

  /** User name → bcrypt hash ({@code basic_auth_users}); empty: no authentication. */
  public Map<String, String> users() {
    return users;
  }

  /**
   * One line for the start-up log, e.g. {@code HTTPS [TLSv1.3, TLSv1.2], client certificates
   * RequireAndVerifyClientCert, basic auth for 1 user}.
   */
  public String summary() {
    List<String> parts = new ArrayList<>();
    parts.add(tls == null ? "plain HTTP" : "HTTPS " + tls.protocols());
    if (tls != null && tls.clientAuth() != ClientAuth.NO_CLIENT_CERT) {
      parts.add("client certificates " + tls.clientAuth().label());
    }
    parts.add(users.isEmpty()
        ? "no authentication"
        : "basic auth for " + users.size() + (users.size() == 1 ? " user" : " users"));
    return String.join(", ", parts);
  }

  /** Whether anyone who reaches the port reads the endpoint (neither TLS nor basic auth). */
  public boolean open() {
    return tls == null && users.isEmpty();
  }
}
