package dev.nfiwatch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nfiwatch.agent.AgentState;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TargetStateTest {

  @Test
  void aJvmWithoutTheAgentHasNoState() {
    TargetState state = TargetState.of(new Properties());
    assertThat(state.running()).isFalse();
    assertThat(state.phase()).isEmpty();
    assertThat(state.probesLine()).startsWith("none yet");
  }

  @Test
  void readsWhatTheAgentPublished() {
    Properties properties = new Properties();
    properties.setProperty(AgentState.PHASE, AgentState.PHASE_UP);
    properties.setProperty(AgentState.LOADED, AgentState.LOADED_AT_START);
    properties.setProperty(AgentState.SETTINGS, "");
    properties.setProperty(
        AgentState.PROBES, "demo:a.B,tribuo:org.tribuo.X");
    properties.setProperty(AgentState.CALLS, "demo=12,dl4j=0,tribuo=3");
    properties.setProperty(AgentState.CALLS_AT, "1000");
    TargetState state = TargetState.of(properties);
    assertThat(state.running()).isTrue();
    assertThat(state.finished()).isTrue();
    assertThat(state.loadedBy()).isEqualTo("-javaagent at JVM start");
    assertThat(state.settings()).isEqualTo("none (defaults)");
    assertThat(state.probesLine()).isEqualTo("demo (a.B), tribuo (org.tribuo.X)");
    assertThat(state.calls()).containsExactly("demo=12", "tribuo=3");
    assertThat(state.callsAtMillis()).isEqualTo(1000);
  }

  @Test
  void aDisabledStartIsNotRunningButFinished() {
    Properties properties = new Properties();
    properties.setProperty(AgentState.PHASE, AgentState.PHASE_DISABLED);
    properties.setProperty(AgentState.PROBLEM, "configuration error: ...");
    TargetState state = TargetState.of(properties);
    assertThat(state.running()).isFalse();
    assertThat(state.finished()).isTrue();
    assertThat(state.problem()).isEqualTo("configuration error: ...");
  }
}
