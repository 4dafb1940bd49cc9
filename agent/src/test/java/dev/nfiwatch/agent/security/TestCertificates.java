package dev.nfiwatch.agent.security;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority made when a test runs (nothing is committed): it signs server
 * certificates for {@code 127.0.0.1} and {@code localhost} and client certificates, written as PEM
 * files the way a user's would be, and gives the matching client {@link SSLContext}s.
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.create("test-ca");
 * TestCertificates.Issued server = ca.server(dir, "server", "EC");
 * SSLContext client = ca.clientContext(null);
 * }</pre>
 */
public final class TestCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] IN_MEMORY = "test".toCharArray();

  private final KeyPair key;
  private final X509Certificate certificate;

  private TestCertificates(KeyPair key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
  }

  /** A key and certificate, and the PEM files they were written to. */
  public static final class Issued {
    private final KeyPair key;
    private final X509Certificate certificate;
    private final Path certFile;
    private final Path keyFile;

    Issued(KeyPair key, X509Certificate certificate, Path certFile, Path keyFile) {
      this.key = key;
      this.certificate = certificate;
      this.certFile = certFile;
      this.keyFile = keyFile;
    }

    public Path certFile() {
      return certFile;
    }

    /** The private key as PKCS#8 {@code PRIVATE KEY}. */
    public Path keyFile() {
      return keyFile;
    }

    public PrivateKey privateKey() {
      return key.getPrivate();
    }

    public X509Certificate certificate() {
      return certificate;
    }
  }

  /** A new self-signed EC P-256 authority named {@code name}. */
  public static TestCertificates create(String name) throws GeneralSecurityException, IOException {
    KeyPair key = keyPair("EC");
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder = builder(subject, subject, key);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new TestCertificates(key, sign(builder, key.getPrivate()));
  }

  /** Writes this authority's certificate to {@code file}. */
  public Path writeCertificate(Path file) throws IOException {
    writePem(file, certificate);
    return file;
  }

  /** A server certificate for 127.0.0.1 and localhost with an {@code algorithm} (RSA, EC) key. */
  public Issued server(Path dir, String name, String algorithm)
      throws GeneralSecurityException, IOException {
    return issue(dir, name, algorithm, KeyPurposeId.id_kp_serverAuth);
  }

  /** A client certificate named {@code name} (EC key). */
  public Issued client(Path dir, String name) throws GeneralSecurityException, IOException {
    return issue(dir, name, "EC", KeyPurposeId.id_kp_clientAuth);
  }

  /**
   * A client context that trusts this authority and presents {@code certificate} (null: none).
   */
  public SSLContext clientContext(Issued certificate) throws GeneralSecurityException, IOException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("ca", this.certificate);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore own = KeyStore.getInstance("PKCS12");
    own.load(null, null);
    if (certificate != null) {
      own.setKeyEntry(
          "client", certificate.privateKey(), IN_MEMORY, new Certificate[] {certificate.certificate});
    }
    keys.init(own, IN_MEMORY);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  /**
   * Writes {@code key} in the traditional OpenSSL form: PKCS#1 {@code RSA PRIVATE KEY} or SEC 1
   * {@code EC PRIVATE KEY}.
   */
  public static Path writeTraditionalKey(Path file, PrivateKey key) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    PemObject pem;
    if (key.getAlgorithm().equals("EC")) {
      // With the curve inside, as openssl writes it (the PKCS#8 wrapper held it until now).
      ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
      ECPrivateKey sec1 =
          new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
              info.getPrivateKeyAlgorithm().getParameters());
      pem = new PemObject("EC PRIVATE KEY", sec1.getEncoded());
    } else {
      pem = new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
    }
    writePem(file, pem);
    return file;
  }

  /** A bcrypt hash of {@code password} at {@code cost}, in {@code $2y$} form as htpasswd makes. */
  public static String bcrypt(String password, int cost) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate(password.toCharArray(), salt, cost);
  }

  private Issued issue(Path dir, String name, String algorithm, KeyPurposeId purpose)
      throws GeneralSecurityException, IOException {
    KeyPair pair = keyPair(algorithm);
    X509v3CertificateBuilder builder =
        builder(new X500Name(certificate.getSubjectX500Principal().getName()),
            new X500Name("CN=" + name), pair);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    if (purpose.equals(KeyPurposeId.id_kp_serverAuth)) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    X509Certificate issued = sign(builder, key.getPrivate());
    Path certFile = dir.resolve(name + ".crt");
    Path keyFile = dir.resolve(name + ".key");
    writePem(certFile, issued);
    writePem(keyFile, new JcaPKCS8Generator(pair.getPrivate(), null));
    return new Issued(pair, issued, certFile, keyFile);
  }

  private static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    } else {
      generator.initialize(2048);
    }
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(2))),
        subject,
        key.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static void writePem(Path file, Object object) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      if (object instanceof PemObjectGenerator) {
        pem.writeObject((PemObjectGenerator) object);
      } else {
        pem.writeObject(object);
      }
    }
  }
}
