package dev.nfiwatch.agent.security;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * HTTP basic auth against the web config's bcrypt hashes ({@code basic_auth_users}). Bcrypt is slow
 * on purpose (tens of milliseconds at cost 10), so, as the exporter toolkit does, a password that
 * passed is remembered, as a salted SHA-256, one per user: later scrapes with it cost a hash, not a
 * bcrypt. Wrong passwords and unknown users always run bcrypt.
 */
public final class BcryptAuthenticator extends BasicAuthenticator {

  private final Map<String, String> hashes;
  private final BiPredicate<String, String> bcrypt;
  private final String anyHash;
  private final byte[] salt = new byte[16];
  private final Map<String, byte[]> passed = new ConcurrentHashMap<>();

  /** @param hashes user → bcrypt hash, at least one */
  public BcryptAuthenticator(Map<String, String> hashes) {
    this(hashes, BcryptAuthenticator::bcrypt);
  }

  /** @param bcrypt (hash, password) → whether they match */
  BcryptAuthenticator(Map<String, String> hashes, BiPredicate<String, String> bcrypt) {
    super("nfiwatch");
    this.hashes = hashes;
    this.bcrypt = bcrypt;
    this.anyHash = hashes.values().iterator().next();
    new SecureRandom().nextBytes(salt);
  }

  @Override
  public boolean checkCredentials(String user, String password) {
    byte[] digest = digest(user, password);
    byte[] remembered = passed.get(user);
    if (remembered != null && MessageDigest.isEqual(remembered, digest)) {
      return true;
    }
    String hash = hashes.get(user);
    // An unknown user costs a bcrypt too, so that timing does not tell which users exist.
    boolean matches = bcrypt.test(hash == null ? anyHash : hash, password) && hash != null;
    if (matches) {
      passed.put(user, digest);
    }
    return matches;
  }

  private static boolean bcrypt(String hash, String password) {
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    } catch (RuntimeException e) {
      return false; // e.g. a password longer than bcrypt's 72 bytes
    }
  }

  private byte[] digest(String user, String password) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(salt);
      sha256.update(user.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(password.getBytes(StandardCharsets.UTF_8));
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
