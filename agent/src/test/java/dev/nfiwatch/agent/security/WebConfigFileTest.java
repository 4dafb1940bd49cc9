package dev.nfiwatch.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every field of the web config file, and every error, on certificates made for the test. */
class WebConfigFileTest {

  @TempDir static Path pki;
  @TempDir Path dir;

  private static TestCertificates ca;
  private static TestCertificates.Issued ecServer;
  private static TestCertificates.Issued rsaServer;
  private static Path caFile;
  private static String hash;

  @BeforeAll
  static void makeCertificates() throws GeneralSecurityException, IOException {
    ca = TestCertificates.create("web-config-test-ca");
    caFile = ca.writeCertificate(pki.resolve("ca.crt"));
    ecServer = ca.server(pki, "ec-server", "EC");
    rsaServer = ca.server(pki, "rsa-server", "RSA");
    hash = TestCertificates.bcrypt("secret", 4);
  }

  private WebConfig read(String yaml) throws IOException, WebConfigException {
    Path file = dir.resolve("web.yml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return WebConfigFile.read(file);
  }

  private String tls(String extra) {
    return "tls_server_config:\n"
        + "  cert_file: " + ecServer.certFile() + "\n"
        + "  key_file: " + ecServer.keyFile() + "\n"
        + extra;
  }

  private String error(String yaml) {
    try {
      read(yaml);
    } catch (WebConfigException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void anEmptyFileLeavesTheEndpointOpen() throws Exception {
    WebConfig config = read("");
    assertThat(config.tls()).isNull();
    assertThat(config.users()).isEmpty();
    assertThat(config.open()).isTrue();
    assertThat(config.summary()).isEqualTo("plain HTTP, no authentication");
    assertThat(WebConfig.none().open()).isTrue();
  }

  @Test
  void basicAuthUsersAloneServePlainHttpWithAuthentication() throws Exception {
    String other = TestCertificates.bcrypt("other", 4).replace("$2y$", "$2a$");
    WebConfig config =
        read("basic_auth_users:\n  prometheus: " + hash + "\n  grafana: '" + other + "'\n");
    assertThat(config.tls()).isNull();
    assertThat(config.users()).containsEntry("prometheus", hash).containsEntry("grafana", other);
    assertThat(config.open()).isFalse();
    assertThat(config.summary()).isEqualTo("plain HTTP, basic auth for 2 users");
  }

  @Test
  void certAndKeyServeTls12AndUpByDefault() throws Exception {
    WebConfig config = read(tls(""));
    assertThat(config.tls().protocols()).contains("TLSv1.3", "TLSv1.2").doesNotContain("TLSv1.1");
    assertThat(config.tls().clientAuth()).isEqualTo(ClientAuth.NO_CLIENT_CERT);
    assertThat(config.summary()).isEqualTo("HTTPS " + config.tls().protocols() + ", no authentication");
    assertThat(config.users()).isEmpty();
    assertThat(config.open()).isFalse();
  }

  @Test
  void anEmptyTlsServerConfigServesPlainHttp() throws Exception {
    assertThat(read("tls_server_config:\n  min_version: TLS13\n").tls()).isNull();
  }

  @Test
  void relativePathsAreRelativeToTheWebConfigFile() throws Exception {
    Files.copy(ecServer.certFile(), dir.resolve("server.crt"));
    Files.createDirectories(dir.resolve("keys"));
    Files.copy(ecServer.keyFile(), dir.resolve("keys/server.key"));
    WebConfig config =
        read("tls_server_config:\n  cert_file: server.crt\n  key_file: keys/server.key\n");
    assertThat(config.tls()).isNotNull();
  }

  static Stream<Arguments> keyForms() {
    return Stream.of(
        Arguments.of("EC", "PKCS#8"),
        Arguments.of("EC", "SEC 1"),
        Arguments.of("RSA", "PKCS#8"),
        Arguments.of("RSA", "PKCS#1"));
  }

  @ParameterizedTest(name = "{0} key as {1}")
  @MethodSource("keyForms")
  void readsRsaAndEcKeysInEveryPemForm(String algorithm, String form) throws Exception {
    TestCertificates.Issued server = algorithm.equals("EC") ? ecServer : rsaServer;
    Path key = server.keyFile();
    if (!form.equals("PKCS#8")) {
      key = TestCertificates.writeTraditionalKey(dir.resolve("traditional.key"), server.privateKey());
      assertThat(Files.readString(key)).startsWith("-----BEGIN " + algorithm + " PRIVATE KEY-----");
    } else {
      assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    }
    WebConfig config =
        read("tls_server_config:\n  cert_file: " + server.certFile() + "\n  key_file: " + key + "\n");
    assertThat(config.tls()).isNotNull();
  }

  @Test
  void skipsBlocksBeforeTheKey() throws Exception {
    Path key = dir.resolve("with-params.key");
    Files.writeString(key, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + Files.readString(TestCertificates.writeTraditionalKey(dir.resolve("sec1.key"),
            ecServer.privateKey())));
    assertThat(read("tls_server_config:\n  cert_file: " + ecServer.certFile() + "\n  key_file: "
        + key + "\n").tls()).isNotNull();
  }

  @Test
  void versionsBoundTheOfferedProtocols() throws Exception {
    assertThat(read(tls("  min_version: TLS13\n")).tls().protocols()).containsExactly("TLSv1.3");
    assertThat(read(tls("  max_version: TLS12\n")).tls().protocols()).containsExactly("TLSv1.2");
    assertThat(read(tls("  min_version: TLS12\n  max_version: TLS13\n")).tls().protocols())
        .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NoClientCert", "VerifyClientCertIfGiven", "RequireAndVerifyClientCert"})
  void supportedClientAuthTypes(String type) throws Exception {
    String ca = type.equals("NoClientCert") ? "" : "  client_ca_file: " + caFile + "\n";
    ClientAuth auth = read(tls("  client_auth_type: " + type + "\n" + ca)).tls().clientAuth();
    assertThat(auth.label()).isEqualTo(type);
    assertThat(auth.want()).isEqualTo(type.equals("VerifyClientCertIfGiven"));
    assertThat(auth.need()).isEqualTo(type.equals("RequireAndVerifyClientCert"));
    if (!type.equals("NoClientCert")) {
      assertThat(read(tls("  client_auth_type: " + type + "\n" + ca + "  min_version: TLS13\n"))
          .summary())
          .isEqualTo("HTTPS [TLSv1.3], client certificates " + type + ", no authentication");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"RequestClientCert", "RequireAnyClientCert", "RequireClientCert"})
  void clientAuthTypesThatSkipVerificationAreRefused(String type) {
    assertThat(error(tls("  client_auth_type: " + type + "\n  client_ca_file: " + caFile + "\n")))
        .isEqualTo("has tls_server_config.client_auth_type '" + type + "', which the JDK cannot"
            + " do (it checks every client certificate it is sent); allowed: NoClientCert,"
            + " VerifyClientCertIfGiven, RequireAndVerifyClientCert");
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("not YAML", "a: [1, 2\n", "is not valid YAML ("),
        Arguments.of("duplicate key", "basic_auth_users: {}\nbasic_auth_users: {}\n",
            "is not valid YAML ("),
        Arguments.of("a list", "- tls_server_config\n", "is not a YAML mapping"),
        Arguments.of("unknown top-level field", "http_server_config:\n  http2: false\n",
            "has field http_server_config, which nfiwatch does not support; allowed:"
                + " tls_server_config, basic_auth_users"),
        Arguments.of("unknown TLS field", "tls_server_config:\n  cipher_suites: [x]\n",
            "has field tls_server_config.cipher_suites, which nfiwatch does not support; allowed:"
                + " cert_file, key_file, client_ca_file, client_auth_type, min_version,"
                + " max_version"),
        Arguments.of("TLS not a mapping", "tls_server_config: yes\n",
            "has tls_server_config that is not a YAML mapping"),
        Arguments.of("cert_file not a string", "tls_server_config:\n  cert_file: 12\n",
            "has tls_server_config.cert_file 12, which is not a string"),
        Arguments.of("cert_file only", "tls_server_config:\n  cert_file: a.crt\n",
            "needs both tls_server_config.cert_file and tls_server_config.key_file"),
        Arguments.of("key_file only", "tls_server_config:\n  key_file: a.key\n",
            "needs both tls_server_config.cert_file and tls_server_config.key_file"),
        Arguments.of("client CA without a certificate",
            "tls_server_config:\n  client_ca_file: ca.crt\n",
            "has client certificate settings but no tls_server_config.cert_file and key_file"),
        Arguments.of("unknown client_auth_type",
            "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Sometimes\n",
            "has tls_server_config.client_auth_type 'Sometimes'; allowed: NoClientCert,"
                + " VerifyClientCertIfGiven, RequireAndVerifyClientCert"),
        Arguments.of("unknown min_version",
            "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n",
            "has tls_server_config.min_version 'TLS14'; allowed: TLS10, TLS11, TLS12, TLS13"),
        Arguments.of("unknown max_version",
            "tls_server_config:\n  cert_file: a\n  key_file: b\n  max_version: SSL3\n",
            "has tls_server_config.max_version 'SSL3'; allowed: TLS10, TLS11, TLS12, TLS13"),
        Arguments.of("max below min",
            "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n"
                + "  max_version: TLS12\n",
            "has tls_server_config.max_version below min_version"),
        Arguments.of("verify without client_ca_file",
            "tls_server_config:\n  cert_file: a\n  key_file: b\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n",
            "has tls_server_config.client_auth_type RequireAndVerifyClientCert without"
                + " client_ca_file (the authorities client certificates are checked against)"),
        Arguments.of("client_ca_file without verification",
            "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n",
            "has tls_server_config.client_ca_file without a client_auth_type that checks client"
                + " certificates; allowed: VerifyClientCertIfGiven, RequireAndVerifyClientCert"),
        Arguments.of("users not a mapping", "basic_auth_users: [prometheus]\n",
            "has basic_auth_users that is not a YAML mapping"),
        Arguments.of("plain-text password", "basic_auth_users:\n  prometheus: secret\n",
            "has basic_auth_users.prometheus that is not a bcrypt hash; allowed: $2a$, $2b$ or"
                + " $2y$ hashes such as htpasswd -nBC 10 USER makes"),
        Arguments.of("truncated hash", "basic_auth_users:\n  prometheus: $2y$10$abc\n",
            "has basic_auth_users.prometheus that is not a bcrypt hash"),
        Arguments.of("user with a colon",
            "basic_auth_users:\n  'a:b': $2y$10$" + "a".repeat(53) + "\n",
            "has basic_auth_users user 'a:b'; allowed: a non-empty name without ':'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void reportsEachErrorInOneLine(String name, String yaml, String expected) {
    String message = error(yaml);
    assertThat(message).startsWith(expected).doesNotContain("\n");
  }

  @Test
  void aMissingFileCannotBeRead() {
    assertThatThrownBy(() -> WebConfigFile.read(dir.resolve("absent.yml")))
        .isInstanceOf(WebConfigException.class)
        .hasMessageStartingWith("cannot be read (java.nio.file.NoSuchFileException: ")
        .hasMessageContaining("absent.yml");
  }

  @Test
  void aMissingCertificateFileIsNamed() {
    Path absent = dir.resolve("absent.crt");
    assertThat(error("tls_server_config:\n  cert_file: absent.crt\n  key_file: "
        + ecServer.keyFile() + "\n"))
        .startsWith("has tls_server_config.cert_file " + absent + ", which cannot be read (");
  }

  @Test
  void aCertificateFileWithoutPemIsRefused() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.crt"), "not a certificate\n");
    assertThat(error("tls_server_config:\n  cert_file: " + bad + "\n  key_file: "
        + ecServer.keyFile() + "\n"))
        .startsWith("has tls_server_config.cert_file " + bad + ", which is not a PEM certificate"
            + " file (");
  }

  @Test
  void aClientCaFileWithoutPemIsRefused() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad-ca.crt"), "");
    assertThat(error(tls("  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: " + bad
        + "\n")))
        .startsWith("has tls_server_config.client_ca_file " + bad + ", which ");
  }

  @Test
  void aKeyFileWithoutAKeyIsRefused() {
    assertThat(error("tls_server_config:\n  cert_file: " + ecServer.certFile() + "\n  key_file: "
        + ecServer.certFile() + "\n"))
        .isEqualTo("has tls_server_config.key_file " + ecServer.certFile() + ", which holds no PEM"
            + " private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
  }

  @Test
  void encryptedKeysAreRefused() throws IOException {
    String body = Base64.getMimeEncoder().encodeToString(new byte[64]);
    Path encrypted = Files.writeString(dir.resolve("encrypted.key"),
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + body + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
    Path legacy = Files.writeString(dir.resolve("legacy.key"),
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
            + body + "\n-----END RSA PRIVATE KEY-----\n");
    for (Path key : new Path[] {encrypted, legacy}) {
      assertThat(error("tls_server_config:\n  cert_file: " + ecServer.certFile()
          + "\n  key_file: " + key + "\n"))
          .endsWith("which holds an encrypted private key; allowed: an unencrypted key");
    }
  }

  @Test
  void aKeyThatIsNotBase64OrNotAKeyIsRefused() throws IOException {
    Path notBase64 = Files.writeString(dir.resolve("garbage.key"),
        "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
    assertThat(error("tls_server_config:\n  cert_file: " + ecServer.certFile()
        + "\n  key_file: " + notBase64 + "\n"))
        .endsWith("which has a PRIVATE KEY block that is not base64");
    Path notAKey = Files.writeString(dir.resolve("not-a-key.key"),
        "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertThat(error("tls_server_config:\n  cert_file: " + ecServer.certFile()
        + "\n  key_file: " + notAKey + "\n"))
        .contains("which has a EC PRIVATE KEY block that cannot be decoded (");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    assertThat(error("tls_server_config:\n  cert_file: " + ecServer.certFile() + "\n  key_file: "
        + rsaServer.keyFile() + "\n"))
        .isEqualTo("has a key_file that does not belong to the first certificate of cert_file"
            + " (CN=ec-server)");
  }

  @Test
  void versionsThisJdkDisablesAreRefused() {
    // TLS 1.0 and 1.1 are in the JDK's jdk.tls.disabledAlgorithms since 8u291 / 11.0.11.
    assertThat(error(tls("  min_version: TLS10\n  max_version: TLS11\n")))
        .startsWith("has no TLS version between min_version and max_version that this JDK"
            + " enables (it enables [");
  }
}
