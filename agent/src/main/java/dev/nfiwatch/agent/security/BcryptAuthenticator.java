package dev.nfiwatch.agent.security;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BiPredicate;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * HTTP basic auth against the web config's bcrypt hashes ({@code basic_auth_users}). Bcrypt is slow
 * on purpose (tens of milliseconds at cost 10), so, as the exporter toolkit does, a password that
 * passed is remembered, as a salted SHA-256, one per user: later scrapes with it cost a hash, not a
 * bcrypt. Wrong passwords and unknown users always run bcrypt, at most {@value #BCRYPT_AT_ONCE} at
 * a time however many requests come in at once, so that guessing passwords costs the training
 * job no more than that many cores.
 */
public final class BcryptAuthenticator extends BasicAuthenticator {

  /** Bcrypt checks at once (the endpoint's threads before it could have more). */
  static final int BCRYPT_AT_ONCE = 2;

  private final Map<String, String> hashes;
  private final BiPredicate<String, String> bcrypt;
  private final String anyHash;
  private final byte[] salt = new byte[16];
  private final Map<String, byte[]> passed = new ConcurrentHashMap<>();
  private final Semaphore bcryptSlots = new Semaphore(BCRYPT_AT_ONCE);

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
    try {
      bcryptSlots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping
      return false;
    }
    try {
      // An unknown user costs a bcrypt too, so that timing does not tell which users exist.
      boolean matches = bcrypt.test(hash == null ? anyHash : hash, password) && hash != null;
      if (matches) {
        passed.put(user, digest);
      }
      return matches;
    } finally {
      bcryptSlots.release();
    }
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
