package dev.nfiwatch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuitSignalTest {

  @Test
  void readsTheSigquitBitOfTheCaughtMask() {
    assertThat(QuitSignal.caughtIn("Name:\tjava\nSigIgn:\t0000000000000000\nSigCgt:\t2000000181005ccf\n"))
        .isTrue();
    assertThat(QuitSignal.caughtIn("SigCgt:\t2000000101001cc8\n")).isFalse();
  }

  @Test
  void withoutTheMaskItAssumesYes() {
    assertThat(QuitSignal.caughtIn("Name:\tjava\n")).isTrue();
  }

  @Test
  void thisJvmCatchesIt() {
    assertThat(QuitSignal.caughtBy(ProcessHandle.current().pid())).isTrue();
  }
}
