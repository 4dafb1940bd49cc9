package dev.nfiwatch.it.frameworks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The framework probes keep the libraries out of the shaded agent jar. */
class AgentJarIT {

  @Test
  void containsTheFrameworkProbesButNoneOfTheLibraries() throws Exception {
    List<String> entries;
    try (JarFile jar = new JarFile(ForkedTrainer.agentJar().toFile())) {
      entries = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
    }
    assertThat(entries)
        .contains(
            "dev/nfiwatch/agent/probes/tribuo/TribuoStep.class",
            "dev/nfiwatch/agent/probes/dl4j/Dl4jStep.class",
            "dev/nfiwatch/agent/probes/smile/SmileStep.class",
            "dev/nfiwatch/agent/bridge/FrameworkBridge.class");
    assertThat(entries)
        .noneMatch(
            name ->
                name.startsWith("org/tribuo/")
                    || name.startsWith("org/nd4j/")
                    || name.startsWith("org/deeplearning4j/")
                    || name.startsWith("org/bytedeco/")
                    || name.startsWith("smile/")
                    || name.startsWith("com/oracle/labs/mlrg/"));
  }
}
