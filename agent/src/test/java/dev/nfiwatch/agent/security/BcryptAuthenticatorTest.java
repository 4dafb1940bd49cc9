package dev.nfiwatch.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
}
