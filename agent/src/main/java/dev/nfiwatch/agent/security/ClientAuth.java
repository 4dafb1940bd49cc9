package dev.nfiwatch.agent.security;

/**
 * The exporter toolkit's {@code client_auth_type} values and what the JDK's TLS does for each. The
 * JDK checks every client certificate it is sent against the trusted authorities, so the two Go
 * policies that accept any certificate unchecked have no JDK counterpart and are refused.
 */
enum ClientAuth {
  NO_CLIENT_CERT("NoClientCert", false, false, true),
  REQUEST_CLIENT_CERT("RequestClientCert", false, false, false),
  REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert", false, false, false),
  VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven", true, false, true),
  REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert", false, true, true);

  private final String label;
  private final boolean want;
  private final boolean need;
  private final boolean supported;

  ClientAuth(String label, boolean want, boolean need, boolean supported) {
    this.label = label;
    this.want = want;
    this.need = need;
    this.supported = supported;
  }

  /** The name in the web config file. */
  String label() {
    return label;
  }

  /** Whether the server asks for a certificate and checks one that is sent. */
  boolean want() {
    return want;
  }

  /** Whether the handshake fails without a trusted client certificate. */
  boolean need() {
    return need;
  }

  /** Whether the JDK can do it. */
  boolean supported() {
    return supported;
  }

  /** Whether it checks client certificates, and so needs {@code client_ca_file}. */
  boolean verifies() {
    return want || need;
  }

  /**
   * The policy named {@code label} ("" is {@code NoClientCert}, {@code RequireClientCert} the
   * toolkit's old name of {@code RequireAnyClientCert}), or null.
   */
  static ClientAuth parse(String label) {
    if (label.isEmpty()) {
      return NO_CLIENT_CERT;
    }
    if (label.equals("RequireClientCert")) {
      return REQUIRE_ANY_CLIENT_CERT;
    }
    for (ClientAuth candidate : values()) {
      if (candidate.label.equals(label)) {
        return candidate;
      }
    }
    return null;
  }

  /** The supported names, for error messages. */
  static String supportedLabels() {
    StringBuilder labels = new StringBuilder();
    for (ClientAuth candidate : values()) {
      if (candidate.supported) {
        labels.append(labels.length() == 0 ? "" : ", ").append(candidate.label);
      }
    }
    return labels.toString();
  }
}
