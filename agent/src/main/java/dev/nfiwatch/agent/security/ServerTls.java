package dev.nfiwatch.agent.security;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTPS side of a web config: an {@link SSLContext} with the server's key and chain (and the
 * client authorities for mutual TLS), the TLS versions in {@code min_version}..{@code max_version}
 * and the client certificate policy, handed to the JDK's {@code HttpsServer}.
 */
public final class ServerTls {

  /** Protects the in-memory key store only; it is never written anywhere. */
  private static final char[] IN_MEMORY = "nfiwatch".toCharArray();

  private final SSLContext context;
  private final String[] protocols;
  private final ClientAuth clientAuth;

  private ServerTls(SSLContext context, String[] protocols, ClientAuth clientAuth) {
    this.context = context;
    this.protocols = protocols;
    this.clientAuth = clientAuth;
  }

  /**
   * @param clientAuthorities trusted client authorities, empty unless {@code clientAuth} verifies
   * @param max the highest version, or null for the newest the JDK has
   */
  static ServerTls create(
      List<X509Certificate> chain,
      PrivateKey key,
      List<X509Certificate> clientAuthorities,
      ClientAuth clientAuth,
      TlsVersion min,
      TlsVersion max)
      throws WebConfigException {
    checkKeyMatches(chain.get(0), key);
    SSLContext context;
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("server", key, IN_MEMORY, chain.toArray(new Certificate[0]));
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, IN_MEMORY);
      TrustManager[] trustManagers = null;
      if (!clientAuthorities.isEmpty()) {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (int i = 0; i < clientAuthorities.size(); i++) {
          trusted.setCertificateEntry("client-ca-" + i, clientAuthorities.get(i));
        }
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        trustManagers = factory.getTrustManagers();
      }
      context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers, null);
    } catch (GeneralSecurityException | IOException e) {
      throw new WebConfigException("cannot set up TLS (" + e + ")");
    }
    List<String> protocols = new ArrayList<>();
    for (String protocol : context.getDefaultSSLParameters().getProtocols()) {
      TlsVersion version = TlsVersion.ofProtocol(protocol);
      if (version != null
          && version.compareTo(min) >= 0
          && (max == null || version.compareTo(max) <= 0)) {
        protocols.add(protocol);
      }
    }
    if (protocols.isEmpty()) {
      throw new WebConfigException(
          "has no TLS version between min_version and max_version that this JDK enables (it"
              + " enables " + Arrays.toString(context.getDefaultSSLParameters().getProtocols())
              + ")");
    }
    return new ServerTls(context, protocols.toArray(new String[0]), clientAuth);
  }

  /** Fails unless {@code key} is the private half of the certificate's public key. */
  private static void checkKeyMatches(X509Certificate certificate, PrivateKey key)
      throws WebConfigException {
    // PemFiles reads RSA and EC keys only.
    String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] probe = "nfiwatch key check".getBytes(StandardCharsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new WebConfigException(
          "has a key_file that does not belong to the first certificate of cert_file ("
              + certificate.getSubjectX500Principal().getName() + ")");
    }
  }

  /** The TLS versions the server offers, e.g. {@code [TLSv1.3, TLSv1.2]}. */
  public List<String> protocols() {
    return Arrays.asList(protocols.clone());
  }

  /** What the server asks of client certificates. */
  ClientAuth clientAuth() {
    return clientAuth;
  }

  /** For {@code HttpsServer#setHttpsConfigurator}: versions and client certificate policy. */
  public HttpsConfigurator configurator() {
    return new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters parameters) {
        SSLParameters ssl = context.getDefaultSSLParameters();
        ssl.setProtocols(protocols.clone());
        if (clientAuth.need()) {
          ssl.setNeedClientAuth(true);
        } else {
          ssl.setWantClientAuth(clientAuth.want());
        }
        parameters.setSSLParameters(ssl);
      }
    };
  }
}
