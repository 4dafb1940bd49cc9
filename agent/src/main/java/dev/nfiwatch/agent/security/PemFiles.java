package dev.nfiwatch.agent.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Reads the PEM files a web config names: certificates with the JDK's own X.509 parser, private
 * keys (PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}, SEC 1 {@code EC PRIVATE KEY},
 * as Go's {@code tls.X509KeyPair} reads them) with Bouncy Castle's ASN.1 and the JDK's key
 * factories. Bouncy Castle's own PEM reader is not used: it initialises {@code java.util.logging}.
 */
final class PemFiles {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private PemFiles() {}

  /** Every certificate in {@code file}, in order (a chain: the server's first). */
  static List<X509Certificate> certificates(Path file) throws IOException, WebConfigException {
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
    } catch (CertificateException e) {
      throw new WebConfigException("is not a PEM certificate file (" + e.getMessage() + ")");
    }
    if (certificates.isEmpty()) {
      throw new WebConfigException("holds no certificate");
    }
    return certificates;
  }

  /** The first private key in {@code file}; other blocks (e.g. {@code EC PARAMETERS}) are skipped. */
  static PrivateKey privateKey(Path file) throws IOException, WebConfigException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    Matcher block = BLOCK.matcher(text);
    while (block.find()) {
      String label = block.group(1);
      if (!label.endsWith("PRIVATE KEY")) {
        continue;
      }
      String body = block.group(2);
      if (label.startsWith("ENCRYPTED") || body.contains("Proc-Type:")) {
        throw new WebConfigException("holds an encrypted private key; allowed: an unencrypted key");
      }
      byte[] der;
      try {
        der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new WebConfigException("has a " + label + " block that is not base64");
      }
      return toKey(label, der);
    }
    throw new WebConfigException(
        "holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
  }

  private static PrivateKey toKey(String label, byte[] der) throws WebConfigException {
    PrivateKeyInfo info;
    try {
      info = pkcs8(label, der);
    } catch (IOException | RuntimeException e) {
      throw new WebConfigException("has a " + label + " block that cannot be decoded (" + e + ")");
    }
    if (info == null) {
      throw new WebConfigException("has an unknown key type " + label);
    }
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    String algorithm = algorithm(oid);
    if (algorithm == null) {
      throw new WebConfigException("has a key of unsupported algorithm " + oid
          + "; allowed: RSA, EC");
    }
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new WebConfigException("has a " + algorithm + " key this JDK cannot read (" + e + ")");
    }
  }

  private static PrivateKeyInfo pkcs8(String label, byte[] der) throws IOException {
    switch (label) {
      case "PRIVATE KEY":
        return PrivateKeyInfo.getInstance(der);
      case "RSA PRIVATE KEY":
        return new PrivateKeyInfo(
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
            RSAPrivateKey.getInstance(der));
      case "EC PRIVATE KEY":
        ECPrivateKey key = ECPrivateKey.getInstance(der);
        return new PrivateKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, key.getParametersObject()),
            key);
      default:
        return null;
    }
  }

  private static String algorithm(ASN1ObjectIdentifier oid) {
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      return "RSA";
    }
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      return "EC";
    }
    return null;
  }
}
