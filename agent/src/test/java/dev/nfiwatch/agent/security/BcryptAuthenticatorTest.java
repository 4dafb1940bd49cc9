package dev.nfiwatch.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

class BcryptAuthenticatorTest {

  private final String prometheusHash = TestCertificates.bcrypt("secret", 4);
  private final String grafanaHash = TestCertificates.bcrypt("other", 4);
  private final List<String> bcrypted = new ArrayList<>();

  private BcryptAuthenticator authenticator() {
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("prometheus", prometheusHash);
    hashes.put("grafana", grafanaHash);
    return new BcryptAuthenticator(
        hashes,
        (hash, password) -> {
          bcrypted.add(hash);
          return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        });
  }

  @Test
  void checksPasswordsAgainstTheirUsersHash() {
    BcryptAuthenticator authenticator = authenticator();
    assertThat(authenticator.checkCredentials("prometheus", "secret")).isTrue();
    assertThat(authenticator.checkCredentials("grafana", "other")).isTrue();
    assertThat(authenticator.checkCredentials("prometheus", "other")).isFalse();
    assertThat(authenticator.checkCredentials("grafana", "secret")).isFalse();
    assertThat(authenticator.checkCredentials("prometheus", "")).isFalse();
  }

  @Test
  void aPasswordThatPassedIsNotBcryptedAgain() {
    BcryptAuthenticator authenticator = authenticator();
    for (int scrape = 0; scrape < 5; scrape++) {
      assertThat(authenticator.checkCredentials("prometheus", "secret")).isTrue();
    }
    assertThat(bcrypted).containsExactly(prometheusHash);
  }

  @Test
  void wrongPasswordsAreBcryptedEveryTimeEvenAfterTheRightOnePassed() {
    BcryptAuthenticator authenticator = authenticator();
    assertThat(authenticator.checkCredentials("prometheus", "secret")).isTrue();
    assertThat(authenticator.checkCredentials("prometheus", "guess")).isFalse();
    assertThat(authenticator.checkCredentials("prometheus", "guess")).isFalse();
    assertThat(authenticator.checkCredentials("prometheus", "secret")).isTrue();
    assertThat(bcrypted).hasSize(3);
  }

  @Test
  void anUnknownUserCostsABcryptAndFailsEvenWithAnotherUsersPassword() {
    BcryptAuthenticator authenticator = authenticator();
    assertThat(authenticator.checkCredentials("nobody", "secret")).isFalse();
    assertThat(bcrypted).hasSize(1);
  }

  @Test
  void thePublicConstructorChecksWithBcryptAndSurvivesOverlongPasswords() {
    BcryptAuthenticator authenticator =
        new BcryptAuthenticator(Map.of("prometheus", prometheusHash));
    assertThat(authenticator.checkCredentials("prometheus", "secret")).isTrue();
    assertThat(authenticator.checkCredentials("prometheus", "x".repeat(100))).isFalse();
    assertThat(authenticator.getRealm()).isEqualTo("nfiwatch");
  }

  /**
   * Six wrong passwords at once: two are bcrypted while the other four wait for them (parked, no
   * CPU), and all six are refused once the two finish.
   */
  @Test
  void atMostTwoBcryptsRunAtOnce() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch finish = new CountDownLatch(1);
    BcryptAuthenticator authenticator =
        new BcryptAuthenticator(
            Map.of("prometheus", prometheusHash),
            (hash, password) -> {
              most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              try {
                finish.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              inFlight.decrementAndGet();
              return false;
            });
    List<Thread> guesses = new ArrayList<>();
    List<Boolean> answers = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 6; i++) {
      Thread guess =
          new Thread(() -> answers.add(authenticator.checkCredentials("prometheus", "guess")));
      guess.start();
      guesses.add(guess);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(inFlight.get() == BcryptAuthenticator.BCRYPT_AT_ONCE
        && guesses.stream().filter(t -> t.getState() == Thread.State.WAITING).count() == 6)) {
      assertThat(System.nanoTime()).as("six guesses waiting, two in bcrypt").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(most.get()).isEqualTo(BcryptAuthenticator.BCRYPT_AT_ONCE);

    finish.countDown();
    for (Thread guess : guesses) {
      guess.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(answers).hasSize(6).containsOnly(false);
    assertThat(most.get()).isEqualTo(BcryptAuthenticator.BCRYPT_AT_ONCE);
  }
}
