package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar holds nothing outside the agent's own package, and says it is an agent and a
 * command line.
 */
class ShadedJarIT {

  @Test
  void everyClassAndServiceIsUnderTheAgentPackage() throws IOException {
    List<String> outside = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        if (name.endsWith(".class")) {
          classes++;
        }
        if (name.startsWith("META-INF/versions/")) {
          String inner = name.replaceFirst("^META-INF/versions/\\d+/", "");
          if (!inner.startsWith("dev/nfiwatch/agent/")) {
            outside.add(name);
          }
        } else if (name.startsWith("META-INF/services/")) {
          String service = name.substring("META-INF/services/".length());
          if (!service.startsWith("dev.nfiwatch.agent.")) {
            outside.add(name);
          }
          try (InputStream in = jar.getInputStream(entry)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
              String provider = line.replaceAll("#.*", "").trim();
              if (!provider.isEmpty() && !provider.startsWith("dev.nfiwatch.agent.")) {
                outside.add(name + " -> " + provider);
              }
            }
          }
        } else if (!name.startsWith("META-INF/") && !name.startsWith("dev/nfiwatch/agent/")) {
          outside.add(name);
        }
      }
    }
    assertThat(outside).as("entries outside dev/nfiwatch/agent/").isEmpty();
    assertThat(classes).isGreaterThan(1000);
  }

  @Test
  void manifestNamesTheEntryPointsAndRetransformation() throws IOException {
    try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertThat(main.getValue("Premain-Class")).isEqualTo("dev.nfiwatch.agent.NfiwatchAgent");
      assertThat(main.getValue("Agent-Class")).isEqualTo("dev.nfiwatch.agent.NfiwatchAgent");
      assertThat(main.getValue("Main-Class")).isEqualTo("dev.nfiwatch.agent.cli.NfiwatchCli");
      assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
      assertThat(main.getValue("Can-Redefine-Classes")).isEqualTo("true");
      assertThat(jar.getEntry("dev/nfiwatch/agent/shaded/net/bytebuddy/ByteBuddy.class")).isNotNull();
      assertThat(jar.getEntry("dev/nfiwatch/agent/shaded/picocli/CommandLine.class")).isNotNull();
      assertThat(jar.getEntry("dev/nfiwatch/agent/shaded/dev/nfiwatch/signals/LossSpikeRule.class"))
          .isNotNull();
    }
  }
}
