package dev.nfiwatch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmsTest {

  private static final List<Jvms.Jvm> LISTED =
      List.of(
          new Jvms.Jvm(101, "dev.nfiwatch.demo.DemoTrainer"),
          new Jvms.Jvm(102, "/opt/jobs/trainer.jar"),
          new Jvms.Jvm(103, "org.example.TrainerMain"));

  @Test
  void aNumberIsThePidItself() throws CliFailure {
    assertThat(Jvms.resolve("4242", LISTED)).isEqualTo(4242);
  }

  @Test
  void aSubstringOfOneMainClassNamesThatJvm() throws CliFailure {
    assertThat(Jvms.resolve("DemoTrainer", LISTED)).isEqualTo(101);
    assertThat(Jvms.resolve("trainer.jar", LISTED)).isEqualTo(102);
  }

  @Test
  void severalMatchesListTheCandidatesWithExit2() {
    assertThatThrownBy(() -> Jvms.resolve("Trainer", LISTED))
        .isInstanceOfSatisfying(CliFailure.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("'Trainer' matches 2 JVMs; name one by its pid:")
        .hasMessageContaining("101  dev.nfiwatch.demo.DemoTrainer")
        .hasMessageContaining("103  org.example.TrainerMain")
        .hasMessageNotContaining("102");
  }

  @Test
  void noMatchIsExit1() {
    assertThatThrownBy(() -> Jvms.resolve("Spark", LISTED))
        .isInstanceOfSatisfying(CliFailure.class, e -> assertThat(e.exitCode()).isEqualTo(1))
        .hasMessage("no JVM of this user has a main class containing 'Spark' (`list` shows them)");
  }

  @Test
  void theMainClassIsTheFirstWordOfTheCommand() {
    assertThat(Jvms.mainClassOf("a.b.Main --steps 10", "7")).isEqualTo("a.b.Main");
    assertThat(Jvms.mainClassOf("/x/demo.jar", "7")).isEqualTo("/x/demo.jar");
    assertThat(Jvms.mainClassOf("7", "7")).isEqualTo("(unknown)");
    assertThat(Jvms.mainClassOf("", "7")).isEqualTo("(unknown)");
  }
}
