package dev.nfiwatch.agent.security;

/** The exporter toolkit's {@code min_version} / {@code max_version} values and the JDK's names. */
enum TlsVersion {
  TLS10("TLS10", "TLSv1"),
  TLS11("TLS11", "TLSv1.1"),
  TLS12("TLS12", "TLSv1.2"),
  TLS13("TLS13", "TLSv1.3");

  private final String label;
  private final String protocol;

  TlsVersion(String label, String protocol) {
    this.label = label;
    this.protocol = protocol;
  }

  /** The JDK's protocol name, e.g. {@code TLSv1.2}. */
  String protocol() {
    return protocol;
  }

  /** The version named {@code label} in the web config (e.g. {@code TLS12}), or null. */
  static TlsVersion parse(String label) {
    for (TlsVersion candidate : values()) {
      if (candidate.label.equals(label)) {
        return candidate;
      }
    }
    return null;
  }

  /** The version whose JDK name is {@code protocol}, or null (e.g. for {@code SSLv2Hello}). */
  static TlsVersion ofProtocol(String protocol) {
    for (TlsVersion candidate : values()) {
      if (candidate.protocol.equals(protocol)) {
        return candidate;
      }
    }
    return null;
  }

  /** The labels, for error messages. */
  static String labels() {
    StringBuilder labels = new StringBuilder();
    for (TlsVersion candidate : values()) {
      labels.append(labels.length() == 0 ? "" : ", ").append(candidate.label);
    }
    return labels.toString();
  }
}
