package dev.nfiwatch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class DynamicLoadingNoteTest {

  @Test
  void java21AndNewerWithoutTheFlagGetTheNote() {
    assertThat(DynamicLoadingNote.of(5, java("25"), jvmArgs("-Xmx1g")))
        .startsWith("note: pid 5 runs Java 25 without -XX:+EnableDynamicAgentLoading")
        .contains("nfiwatch works all the same");
    assertThat(DynamicLoadingNote.of(5, java("21"), jvmArgs(""))).isNotEmpty();
  }

  @Test
  void theFlagOrAnOlderJavaNeedNoNote() {
    assertThat(DynamicLoadingNote.of(5, java("25"), jvmArgs("-XX:+EnableDynamicAgentLoading")))
        .isEmpty();
    assertThat(DynamicLoadingNote.of(5, java("17"), jvmArgs(""))).isEmpty();
    assertThat(DynamicLoadingNote.of(5, java("1.8"), jvmArgs(""))).isEmpty();
  }

  @Test
  void theLastOccurrenceOfTheFlagCounts() {
    assertThat(DynamicLoadingNote.of(5, java("25"),
            jvmArgs("-XX:+EnableDynamicAgentLoading -XX:-EnableDynamicAgentLoading")))
        .isNotEmpty();
  }

  @Test
  void featureRelease() {
    assertThat(DynamicLoadingNote.feature("25")).isEqualTo(25);
    assertThat(DynamicLoadingNote.feature("1.8")).isEqualTo(8);
    assertThat(DynamicLoadingNote.feature("")).isZero();
  }

  private static Properties java(String version) {
    Properties properties = new Properties();
    properties.setProperty("java.specification.version", version);
    return properties;
  }

  private static Properties jvmArgs(String args) {
    Properties properties = new Properties();
    properties.setProperty("sun.jvm.args", args);
    return properties;
  }
}
