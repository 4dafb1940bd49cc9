package dev.nfiwatch.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSdTargetTest {

  private static final JvmIdentity JVM =
      new JvmIdentity("trainer-7", ProcessHandle.current().pid(), "org.example.Sweep");

  @Test
  void writesOneFileSdEntryWithTheJvmsLabels(@TempDir Path dir) throws IOException {
    FileSdTarget target = FileSdTarget.write(dir.resolve("sd"), "127.0.0.1:41234", "", false, JVM);

    assertThat(target.file().getFileName().toString())
        .isEqualTo("nfiwatch-trainer-7-" + JVM.pid() + ".json");
    assertThat(Files.readString(target.file()))
        .isEqualTo("[{\"targets\": [\"127.0.0.1:41234\"], \"labels\": {\"hostname\": \"trainer-7\","
            + " \"pid\": \"" + JVM.pid() + "\", \"main_class\": \"org.example.Sweep\"}}]\n");
    assertThat(listing(dir.resolve("sd"))).as("no temporary file left").hasSize(1);

    target.remove();
    assertThat(listing(dir.resolve("sd"))).isEmpty();
  }

  @Test
  void aGivenInstanceNameBecomesTheInstanceLabel(@TempDir Path dir) throws IOException {
    FileSdTarget target = FileSdTarget.write(dir, "h:1", "lr-3e-4 \"b\"", false, JVM);

    assertThat(Files.readString(target.file()))
        .startsWith("[{\"targets\": [\"h:1\"], \"labels\": {\"instance\": \"lr-3e-4 \\\"b\\\"\",");
  }

  @Test
  void anHttpsEndpointSetsTheSchemeOfItsTarget(@TempDir Path dir) throws IOException {
    FileSdTarget target = FileSdTarget.write(dir, "h:1", "", true, JVM);

    assertThat(Files.readString(target.file()))
        .startsWith("[{\"targets\": [\"h:1\"], \"labels\": {\"__scheme__\": \"https\",");
  }

  @Test
  void removesThisHostsFilesOfDeadProcessesOnly(@TempDir Path dir) throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    long dead = finished.pid();
    Path stale = dir.resolve(FileSdTarget.fileName("trainer-7", dead));
    Path otherHost = dir.resolve(FileSdTarget.fileName("trainer-8", dead));
    Path alive = dir.resolve(FileSdTarget.fileName("trainer-7", ProcessHandle.current().parent()
        .orElseThrow().pid()));
    Path unrelated = dir.resolve("other-job.json");
    for (Path file : new Path[] {stale, otherHost, alive, unrelated}) {
      Files.writeString(file, "[]");
    }

    FileSdTarget.write(dir, "h:1", "", false, JVM);

    assertThat(stale).doesNotExist();
    assertThat(otherHost).as("another host's process may well run").exists();
    assertThat(alive).exists();
    assertThat(unrelated).exists();
  }

  @Test
  void aWildcardServerIsScrapedByTheMachinesName() throws IOException {
    assertThat(FileSdTarget.address("0.0.0.0", 9942, JVM)).isEqualTo("trainer-7:9942");
    assertThat(FileSdTarget.address("::", 9942, JVM)).isEqualTo("trainer-7:9942");
    assertThat(FileSdTarget.address("127.0.0.1", 9942, JVM)).isEqualTo("127.0.0.1:9942");
    assertThat(FileSdTarget.address("::1", 9942, JVM)).isEqualTo("[::1]:9942");
  }

  @Test
  void theMainClassIsTheLaunchersFirstWord() {
    assertThat(JvmIdentity.mainClassOf("org.example.Train --lr 1e-3")).isEqualTo("org.example.Train");
    assertThat(JvmIdentity.mainClassOf("lib/nfiwatch-demo.jar --preset slingshot"))
        .isEqualTo("nfiwatch-demo.jar");
    assertThat(JvmIdentity.mainClassOf("")).isEqualTo("unknown");
  }

  private static Path[] listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toArray(Path[]::new);
    }
  }
}
