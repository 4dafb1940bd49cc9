package dev.nfiwatch.agent.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a web configuration file of the Prometheus exporter toolkit, the one node exporters use:
 *
 * <pre>{@code
 * tls_server_config:
 *   cert_file: server.crt          # PEM; relative paths are relative to this file
 *   key_file: server.key
 *   client_auth_type: RequireAndVerifyClientCert   # optional, with client_ca_file
 *   client_ca_file: clients-ca.crt
 *   min_version: TLS12             # optional, the default; max_version likewise
 * basic_auth_users:
 *   prometheus: $2y$10$...         # bcrypt hash
 * }</pre>
 *
 * <p>As in the toolkit, every file is read and checked up front, an unknown field is an error, and
 * a file without {@code cert_file} and {@code key_file} serves plain HTTP (with basic auth if users
 * are given). Fields of the toolkit that nfiwatch does not implement are refused by name.
 */
public final class WebConfigFile {

  private static final List<String> TOP = Arrays.asList("tls_server_config", "basic_auth_users");
  private static final List<String> TLS =
      Arrays.asList(
          "cert_file", "key_file", "client_ca_file", "client_auth_type", "min_version",
          "max_version");
  private static final Pattern BCRYPT =
      Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

  private final Path directory;

  private WebConfigFile(Path file) {
    this.directory = file.toAbsolutePath().getParent();
  }

  /** Reads and checks {@code file}, with the certificates and key it names. */
  public static WebConfig read(Path file) throws WebConfigException {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new WebConfigException("cannot be read (" + e + ")");
    }
    Object root;
    try {
      root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new WebConfigException("is not valid YAML (" + oneLine(e.getMessage()) + ")");
    }
    if (root == null) {
      return new WebConfig(file.toString(), null, Collections.emptyMap());
    }
    Map<String, Object> top = mapping(root, "");
    checkFields(top, TOP, "");
    WebConfigFile reader = new WebConfigFile(file);
    ServerTls tls = null;
    if (top.get("tls_server_config") != null) {
      tls = reader.tls(mapping(top.get("tls_server_config"), "tls_server_config"));
    }
    return new WebConfig(file.toString(), tls, users(top.get("basic_auth_users")));
  }

  private ServerTls tls(Map<String, Object> fields) throws WebConfigException {
    checkFields(fields, TLS, "tls_server_config.");
    String certFile = string(fields, "cert_file");
    String keyFile = string(fields, "key_file");
    String clientCaFile = string(fields, "client_ca_file");
    String authLabel = string(fields, "client_auth_type");
    ClientAuth clientAuth = ClientAuth.parse(authLabel);
    if (clientAuth == null || !clientAuth.supported()) {
      throw new WebConfigException(
          "has tls_server_config.client_auth_type '" + authLabel + "'"
              + (clientAuth == null ? "" : ", which the JDK cannot do (it checks every client"
                  + " certificate it is sent)")
              + "; allowed: " + ClientAuth.supportedLabels());
    }
    TlsVersion min = version(fields, "min_version", TlsVersion.TLS12);
    TlsVersion max = version(fields, "max_version", null);
    if (certFile.isEmpty() && keyFile.isEmpty()) {
      if (!clientCaFile.isEmpty() || clientAuth != ClientAuth.NO_CLIENT_CERT) {
        throw new WebConfigException(
            "has client certificate settings but no tls_server_config.cert_file and key_file");
      }
      return null;
    }
    if (certFile.isEmpty() || keyFile.isEmpty()) {
      throw new WebConfigException(
          "needs both tls_server_config.cert_file and tls_server_config.key_file");
    }
    if (max != null && max.compareTo(min) < 0) {
      throw new WebConfigException("has tls_server_config.max_version below min_version");
    }
    if (clientAuth.verifies() && clientCaFile.isEmpty()) {
      throw new WebConfigException(
          "has tls_server_config.client_auth_type " + clientAuth.label()
              + " without client_ca_file (the authorities client certificates are checked"
              + " against)");
    }
    if (!clientCaFile.isEmpty() && !clientAuth.verifies()) {
      throw new WebConfigException(
          "has tls_server_config.client_ca_file without a client_auth_type that checks client"
              + " certificates; allowed: VerifyClientCertIfGiven, RequireAndVerifyClientCert");
    }
    List<X509Certificate> chain = certificates("cert_file", certFile);
    PrivateKey key = privateKey(keyFile);
    List<X509Certificate> clientAuthorities =
        clientCaFile.isEmpty() ? Collections.emptyList() : certificates("client_ca_file", clientCaFile);
    return ServerTls.create(chain, key, clientAuthorities, clientAuth, min, max);
  }

  private List<X509Certificate> certificates(String field, String name)
      throws WebConfigException {
    Path path = resolve(name);
    try {
      return PemFiles.certificates(path);
    } catch (IOException e) {
      throw new WebConfigException(
          "has tls_server_config." + field + " " + path + ", which cannot be read (" + e + ")");
    } catch (WebConfigException e) {
      throw new WebConfigException(
          "has tls_server_config." + field + " " + path + ", which " + e.getMessage());
    }
  }

  private PrivateKey privateKey(String name) throws WebConfigException {
    Path path = resolve(name);
    try {
      return PemFiles.privateKey(path);
    } catch (IOException e) {
      throw new WebConfigException(
          "has tls_server_config.key_file " + path + ", which cannot be read (" + e + ")");
    } catch (WebConfigException e) {
      throw new WebConfigException(
          "has tls_server_config.key_file " + path + ", which " + e.getMessage());
    }
  }

  private Path resolve(String name) {
    return directory.resolve(name).normalize();
  }

  private static Map<String, String> users(Object node) throws WebConfigException {
    Map<String, String> users = new LinkedHashMap<>();
    if (node == null) {
      return users;
    }
    for (Map.Entry<String, Object> entry : mapping(node, "basic_auth_users").entrySet()) {
      String user = entry.getKey();
      if (user.isEmpty() || user.contains(":")) {
        throw new WebConfigException(
            "has basic_auth_users user '" + user + "'; allowed: a non-empty name without ':'");
      }
      Object hash = entry.getValue();
      if (!(hash instanceof String) || !BCRYPT.matcher((String) hash).matches()) {
        throw new WebConfigException(
            "has basic_auth_users." + user + " that is not a bcrypt hash; allowed: $2a$, $2b$ or"
                + " $2y$ hashes such as htpasswd -nBC 10 USER makes");
      }
      users.put(user, (String) hash);
    }
    return users;
  }

  private static TlsVersion version(Map<String, Object> fields, String field, TlsVersion absent)
      throws WebConfigException {
    String label = string(fields, field);
    if (label.isEmpty()) {
      return absent;
    }
    TlsVersion version = TlsVersion.parse(label);
    if (version == null) {
      throw new WebConfigException(
          "has tls_server_config." + field + " '" + label + "'; allowed: " + TlsVersion.labels());
    }
    return version;
  }

  private static String string(Map<String, Object> fields, String field)
      throws WebConfigException {
    Object value = fields.get(field);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String)) {
      throw new WebConfigException(
          "has tls_server_config." + field + " " + value + ", which is not a string");
    }
    return ((String) value).trim();
  }

  private static void checkFields(Map<String, Object> fields, List<String> known, String prefix)
      throws WebConfigException {
    for (String field : fields.keySet()) {
      if (!known.contains(field)) {
        throw new WebConfigException(
            "has field " + prefix + field + ", which nfiwatch does not support; allowed: "
                + String.join(", ", known));
      }
    }
  }

  private static Map<String, Object> mapping(Object node, String what) throws WebConfigException {
    String subject = what.isEmpty() ? "is" : "has " + what + " that is";
    if (!(node instanceof Map)) {
      throw new WebConfigException(subject + " not a YAML mapping");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) node).entrySet()) {
      if (!(entry.getKey() instanceof String)) {
        throw new WebConfigException(
            subject + " a mapping with a key that is not a string: " + entry.getKey());
      }
      fields.put((String) entry.getKey(), entry.getValue());
    }
    return fields;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.trim().replaceAll("\\s*\\n\\s*", " ");
  }
}
