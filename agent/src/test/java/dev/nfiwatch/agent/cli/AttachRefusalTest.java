package dev.nfiwatch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttachRefusalTest {

  @Test
  void noSuchProcess() {
    assertThat(AttachRefusal.message(9, false, Optional.empty(), "ann", "x"))
        .isEqualTo("cannot attach to pid 9: there is no such process (`list` shows the JVMs)");
  }

  @Test
  void anotherUsersJvmNamesBothUsers() {
    assertThat(AttachRefusal.message(9, true, Optional.of("bob"), "ann", "Permission denied"))
        .isEqualTo("cannot attach to pid 9: it runs as user bob, this command as ann; the Attach"
            + " API only reaches JVMs of the same user, so run it as bob");
  }

  @Test
  void rootIsNotToldToSwitchUsers() {
    assertThat(AttachRefusal.message(9, true, Optional.of("bob"), "root", "Connection refused"))
        .isEqualTo("cannot attach to pid 9: Connection refused (not a JVM, or one that does not"
            + " answer attach requests)");
  }

  @Test
  void attachDisabledNamesTheOption() {
    assertThat(AttachRefusal.message(9, true, Optional.of("ann"), "ann",
            "The VM does not support the attach mechanism"))
        .contains("-XX:+DisableAttachMechanism")
        .contains("restart it with -javaagent:nfiwatch-agent.jar=");
  }
}
