package dev.nfiwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar nfiwatch-agent.jar attach|status|list} against real demo trainers started
 * without the agent and paced, on JDK 17 and 25: the endpoint and snapshot after an attach, by pid
 * and by main class, and every refusal (ambiguous name, attach disabled, another user's JVM,
 * already loaded, bad settings, a target that does not answer, one that does not catch SIGQUIT).
 */
class AttachCliIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String DEMO = "{model=\"0\",probe=\"demo\"}";
  private static final String CALLS = "nfi_backward_calls_total" + DEMO;
  /** The demo's plain status line (every 5 s when its output is not a terminal). */
  private static final String STATUS_LINE = "^step (\\d+)/\\d+ ";
  private static final String PROBE_FOUND =
      "probes that found classes: demo (dev.nfiwatch.demo.loss.SoftmaxCrossEntropy)";
  /** A run that outlasts every test that ends it early: 3000 steps, at most 60 a second. */
  private static final String[] LONG_RUN = {"--steps", "3000", "--max-steps-per-second", "60"};

  @Test
  void attachByPidToATrainingDemoOnJdk17(@TempDir Path dir) throws Exception {
    attachToTrainingDemo(null, dir);
  }

  @Test
  void attachByPidToATrainingDemoOnJdk25(@TempDir Path dir) throws Exception {
    attachToTrainingDemo(Jdk25.home(), dir);
  }

  /**
   * Attaches to a demo that is already training; the endpoint's calls keep rising, and the final
   * snapshot counts exactly the steps after the attach: no fewer than those after the first status
   * line printed once the command returned, no more than those after the status line printed
   * before it started.
   */
  private static void attachToTrainingDemo(String javaHome, Path dir) throws Exception {
    Path snapshot = dir.resolve("attach.prom");
    int steps = 1500;
    try (ForkedJvm demo =
        ForkedJvm.startDemo(javaHome, null, "--steps", Integer.toString(steps),
            "--max-steps-per-second", "60")) {
      long stepBefore = Long.parseLong(demo.awaitLine(STATUS_LINE, TIMEOUT).group(1));
      AgentCli attach =
          AgentCli.run(javaHome, "attach", pid(demo), "port=0,snapshot=" + snapshot);
      int linesAfterAttach = demo.lineCount();
      assertThat(attach.exitCode()).as(attach.toString()).isZero();
      assertThat(attach.output())
          .contains("attaching to pid " + demo.pid())
          .contains("instrumenting the classes already loaded")
          .contains("waiting for the endpoint")
          .contains(PROBE_FOUND);
      String url = endpoint(attach);

      Scrape first = Scrape.fetch(url);
      assertThat(first.value("nfi_absorbed_samples_total" + DEMO)).isNotNegative();
      assertThat(first.value("nfi_logit_gap_threshold_nats{dtype=\"fp32\",model=\"0\",probe=\"demo\"}"))
          .isBetween(16.63, 16.64);
      double rising = awaitCallsAbove(url, first.value(CALLS));
      awaitCallsAbove(url, rising);

      long stepAfter =
          Long.parseLong(demo.awaitLine(STATUS_LINE, linesAfterAttach, TIMEOUT).group(1));
      assertThat(demo.awaitExit(TIMEOUT)).isZero();
      double calls = Scrape.read(snapshot).value(CALLS);
      assertThat(calls).isBetween((double) steps - stepAfter, (double) steps - stepBefore);
      assertThat(demo.linesContaining("(demo probe, retransformed)")).hasSize(1);
      if (javaHome != null) {
        assertThat(attach.output())
            .contains("runs Java 25 without -XX:+EnableDynamicAgentLoading")
            .contains("nfiwatch works all the same");
        assertThat(demo.output()).contains("WARNING: A Java agent has been loaded dynamically");
      } else if (Runtime.version().feature() < 21) {
        assertThat(attach.output()).doesNotContain("EnableDynamicAgentLoading");
      }
    }
  }

  @Test
  void attachByMainClassThenStatusAndList(@TempDir Path dir) throws Exception {
    Path jar = uniqueDemoJar(dir);
    String name = jar.getFileName().toString();
    try (ForkedJvm demo = ForkedJvm.startJar(null, null, List.of(), jar, LONG_RUN)) {
      demo.awaitLine(STATUS_LINE, TIMEOUT);
      AgentCli notYet = AgentCli.run(null, "status", pid(demo));
      assertThat(notYet.exitCode()).as(notYet.toString()).isEqualTo(1);
      assertThat(notYet.output()).contains("the agent is not loaded in pid " + demo.pid());

      AgentCli attach = AgentCli.run(null, "attach", name, "port=0");
      assertThat(attach.exitCode()).as(attach.toString()).isZero();
      assertThat(attach.output())
          .contains("attaching to pid " + demo.pid() + " (" + jar + ")")
          .contains(PROBE_FOUND);
      String url = endpoint(attach);

      AgentCli status = awaitStatusWithCalls(pid(demo));
      assertThat(status.output())
          .contains("pid " + demo.pid() + " (" + jar + "): nfiwatch 0.1.0-SNAPSHOT, loaded by"
              + " attach, settings: port=0")
          .contains("endpoint: " + url)
          .contains(PROBE_FOUND);
      long published = callsIn(status);
      assertThat(Scrape.fetch(url).value(CALLS)).isGreaterThanOrEqualTo(published);

      AgentCli list = AgentCli.run(null, "list");
      assertThat(list.exitCode()).as(list.toString()).isZero();
      assertThat(list.output()).containsPattern(
          "(?m)^" + demo.pid() + " +yes +" + Pattern.quote(url) + " +" + Pattern.quote(jar.toString()));
    }
  }

  @Test
  void listShowsJvmsWithoutTheAgentAndNotItself() throws Exception {
    try (ForkedJvm demo = ForkedJvm.startDemo(null, null, LONG_RUN)) {
      demo.awaitLine(STATUS_LINE, TIMEOUT);
      AgentCli list = AgentCli.run(null, "list");
      assertThat(list.exitCode()).as(list.toString()).isZero();
      assertThat(list.output())
          .startsWith("PID      NFIWATCH  ENDPOINT")
          .containsPattern("(?m)^" + demo.pid() + " +no +- +" + Pattern.quote(
              ForkedJvm.DEMO_JAR.toString()))
          .doesNotContain(ForkedJvm.AGENT_JAR.toString());
    }
  }

  @Test
  void ambiguousNameListsTheCandidatesAndExits2(@TempDir Path dir) throws Exception {
    Path jar = uniqueDemoJar(dir);
    try (ForkedJvm one = ForkedJvm.startJar(null, null, List.of(), jar, LONG_RUN);
        ForkedJvm two = ForkedJvm.startJar(null, null, List.of(), jar, LONG_RUN)) {
      one.awaitLine(STATUS_LINE, TIMEOUT);
      two.awaitLine(STATUS_LINE, TIMEOUT);
      AgentCli attach = AgentCli.run(null, "attach", jar.getFileName().toString(), "port=0");
      assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(2);
      assertThat(attach.output())
          .contains("'" + jar.getFileName() + "' matches 2 JVMs; name one by its pid:")
          .contains("  " + one.pid() + "  " + jar)
          .contains("  " + two.pid() + "  " + jar)
          .doesNotContain("loading the agent");
      for (ForkedJvm jvm : List.of(one, two)) {
        assertThat(AgentCli.run(null, "status", pid(jvm)).exitCode()).isEqualTo(1);
      }
    }
  }

  @Test
  void aJvmThatDisablesAttachIsOneMessageAndExit1() throws Exception {
    try (ForkedJvm demo =
        ForkedJvm.startJar(null, null, List.of("-XX:+DisableAttachMechanism"), ForkedJvm.DEMO_JAR,
            LONG_RUN)) {
      demo.awaitLine(STATUS_LINE, TIMEOUT);
      AgentCli attach = AgentCli.run(null, "attach", pid(demo), "port=0");
      assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(1);
      List<String> errors = lines(attach.output(), "nfiwatch: ");
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0))
          .contains("cannot attach to pid " + demo.pid())
          .contains("-XX:+DisableAttachMechanism");
      assertThat(attach.output()).doesNotContain("Exception");
      assertThat(demo.output()).doesNotContain("[nfiwatch]");
    }
  }

  /**
   * A JVM run with {@code -Xrs} does not catch SIGQUIT, the signal that starts a JVM's attach
   * listener, so the signal would end it (JDK 17's Attach API sends it unchecked): the command
   * leaves it alone and it trains on.
   */
  @Test
  void aJvmThatDoesNotCatchTheAttachSignalIsLeftAlone() throws Exception {
    try (ForkedJvm demo =
        ForkedJvm.startJar(null, null, List.of("-Xrs"), ForkedJvm.DEMO_JAR, LONG_RUN)) {
      demo.awaitLine(STATUS_LINE, TIMEOUT);
      AgentCli attach = AgentCli.run(null, "attach", pid(demo), "port=0");
      int linesAfterAttach = demo.lineCount();
      assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(1);
      assertThat(lines(attach.output(), "nfiwatch: "))
          .singleElement()
          .asString()
          .contains("pid " + demo.pid() + " does not handle attach requests yet")
          .contains("-Xrs");
      demo.awaitLine(STATUS_LINE, linesAfterAttach, TIMEOUT);
      assertThat(demo.output()).doesNotContain("[nfiwatch]");
    }
  }

  /**
   * A demo run as {@code nobody}, the command as {@code daemon}: needs root to switch users (else
   * skipped) and {@code setpriv} (util-linux; missing fails under {@code CI=true}).
   */
  @Test
  void anotherUsersJvmIsOneMessageAndExit1() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "only root can start JVMs as two other users");
    Path setpriv = onPath("setpriv");
    if (setpriv == null) {
      assertThat("true".equals(System.getenv("CI"))).as("CI=true but setpriv is missing").isFalse();
      Assumptions.abort("setpriv (util-linux) is missing");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The checkout may be readable by its owner only (a private temporary clone): the two other
    // users get copies of the jars in a directory everyone can read.
    Path shared = Files.createTempDirectory("nfiwatch-attach-users",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path demoJar = Files.copy(ForkedJvm.DEMO_JAR, shared.resolve("nfiwatch-demo.jar"));
    Path agentJar = Files.copy(ForkedJvm.AGENT_JAR, shared.resolve("nfiwatch-agent.jar"));
    for (Path jar : List.of(demoJar, agentJar)) {
      Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try (ForkedJvm demo = ForkedJvm.startCommand(concat(asUser(setpriv, "nobody", "nogroup"),
            java, "-jar", demoJar.toString(), LONG_RUN[0], LONG_RUN[1], LONG_RUN[2],
            LONG_RUN[3]))) {
      demo.awaitLine(STATUS_LINE, TIMEOUT);
      try (ForkedJvm cli = ForkedJvm.startCommand(concat(asUser(setpriv, "daemon", "daemon"),
          java, "-jar", agentJar.toString(), "attach", pid(demo), "port=0"))) {
        assertThat(cli.awaitExit(TIMEOUT)).as(cli.output()).isEqualTo(1);
        assertThat(lines(cli.output(), "nfiwatch: "))
            .containsExactly("nfiwatch: cannot attach to pid " + demo.pid() + ": it runs as user"
                + " nobody, this command as daemon; the Attach API only reaches JVMs of the same"
                + " user, so run it as nobody");
      }
      assertThat(demo.output()).doesNotContain("[nfiwatch]");
    } finally {
      Files.deleteIfExists(demoJar);
      Files.deleteIfExists(agentJar);
      Files.deleteIfExists(shared);
    }
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static List<String> asUser(Path setpriv, String user, String group) {
    return List.of(setpriv.toString(), "--reuid=" + user, "--regid=" + group, "--clear-groups");
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void attachingTwiceSaysWithWhichSettingsAndInstallsNoSecondProbe() throws Exception {
    try (ForkedJvm demo = ForkedJvm.startDemo(null, null, LONG_RUN)) {
      demo.awaitLine(STATUS_LINE, TIMEOUT);
      AgentCli first = AgentCli.run(null, "attach", pid(demo), "port=0");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      String url = endpoint(first);

      AgentCli second = AgentCli.run(null, "attach", pid(demo), "port=0,mode=repair");
      assertThat(second.exitCode()).as(second.toString()).isEqualTo(3);
      assertThat(second.output())
          .contains("the agent is already loaded in pid " + demo.pid() + " (by attach, settings:"
              + " port=0, endpoint: " + url + ")")
          .doesNotContain("loading the agent");

      // Past the command's check, straight through the Attach API: the agent's own guard.
      VirtualMachine vm = VirtualMachine.attach(pid(demo));
      try {
        vm.loadAgent(ForkedJvm.AGENT_JAR.toString(), "port=0,mode=repair");
      } finally {
        vm.detach();
      }
      demo.awaitLine("already running in this JVM \\(settings: port=0\\); ignoring the second"
          + " start", TIMEOUT);
      assertThat(demo.linesContaining("instrumented dev.nfiwatch.demo.loss.SoftmaxCrossEntropy"))
          .hasSize(1);
      assertThat(demo.linesContaining("metrics at ")).hasSize(1);
      assertThat(demo.output()).doesNotContain("MODE=REPAIR");
      assertThat(AgentCli.run(null, "status", pid(demo)).output())
          .contains("settings: port=0\n")
          .contains("endpoint: " + url);
    }
  }

  @Test
  void attachToAJvmStartedWithTheAgentSaysSoAndExits3() throws Exception {
    try (ForkedJvm demo = ForkedJvm.startDemo(null, "port=0", LONG_RUN)) {
      String url = demo.awaitLine("metrics at (http://\\S+/metrics)", TIMEOUT).group(1);
      AgentCli attach = AgentCli.run(null, "attach", pid(demo));
      assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(3);
      assertThat(attach.output())
          .contains("already loaded in pid " + demo.pid() + " (by -javaagent at JVM start,"
              + " settings: port=0, endpoint: " + url + ")");
    }
  }

  @Test
  void badSettingsSayWhichKeyAndACorrectedAttachStillWorks() throws Exception {
    try (ForkedJvm demo = ForkedJvm.startDemo(null, null, LONG_RUN)) {
      demo.awaitLine(STATUS_LINE, TIMEOUT);
      AgentCli bad = AgentCli.run(null, "attach", pid(demo), "port=abc");
      assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
      assertThat(lines(bad.output(), "nfiwatch: "))
          .singleElement()
          .asString()
          .contains("the agent did not start in pid " + demo.pid())
          .contains("key 'port' (agent argument) has value 'abc'; allowed: an integer 0-65535");

      AgentCli good = AgentCli.run(null, "attach", pid(demo), "port=0");
      assertThat(good.exitCode()).as(good.toString()).isZero();
      assertThat(good.output()).contains(PROBE_FOUND);
      endpoint(good);
    }
  }

  @Test
  void aTargetThatDoesNotAnswerTimesOutWithAClearMessage() throws Exception {
    try (ForkedJvm demo = ForkedJvm.startDemo(null, null, LONG_RUN)) {
      demo.awaitLine(STATUS_LINE, TIMEOUT);
      signal("STOP", demo);
      try {
        AgentCli attach = AgentCli.run(null, "attach", "--timeout", "2", pid(demo), "port=0");
        assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(1);
        assertThat(attach.output())
            .contains("attaching to pid " + demo.pid())
            .contains("nfiwatch: timed out after 2 s while attaching to pid " + demo.pid()
                + " (--timeout 2)");
        // The attach request file in the target's working directory (ours) is cleaned up.
        assertThat(Path.of(".attach_pid" + demo.pid())).doesNotExist();
      } finally {
        signal("CONT", demo);
      }
    }
  }

  @Test
  void withoutArgumentsItPrintsTheUsage() throws Exception {
    AgentCli usage = AgentCli.run(null);
    assertThat(usage.exitCode()).as(usage.toString()).isZero();
    assertThat(usage.output())
        .startsWith("Usage: java -jar nfiwatch-agent.jar")
        .contains("list", "attach", "status", "Exit codes");
    AgentCli unknown = AgentCli.run(null, "detach");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
  }

  /** A copy of the demo jar under a name no other JVM on this host has. */
  private static Path uniqueDemoJar(Path dir) throws Exception {
    Path jar = dir.resolve("nfiwatch-demo-" + UUID.randomUUID() + ".jar");
    return Files.copy(ForkedJvm.DEMO_JAR, jar);
  }

  private static String pid(ForkedJvm jvm) {
    return Long.toString(jvm.pid());
  }

  private static String endpoint(AgentCli attach) {
    Matcher endpoint = Pattern.compile("endpoint up: (http://\\S+/metrics)").matcher(attach.output());
    assertThat(endpoint.find()).as(attach.toString()).isTrue();
    return endpoint.group(1);
  }

  /** Scrapes until the demo probe's calls exceed {@code calls}; returns the new count. */
  private static double awaitCallsAbove(String url, double calls) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      double now = Scrape.fetch(url).value(CALLS);
      if (now > calls) {
        return now;
      }
      assertThat(System.nanoTime() - deadline).as("calls still %s", now).isNegative();
      Thread.sleep(50);
    }
  }

  /** Runs {@code status} until the calls it shows (published once a second) are above zero. */
  private static AgentCli awaitStatusWithCalls(String pid) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      AgentCli status = AgentCli.run(null, "status", pid);
      assertThat(status.exitCode()).as(status.toString()).isZero();
      if (status.output().contains("calls: demo=")) {
        return status;
      }
      assertThat(System.nanoTime() - deadline).as(status.toString()).isNegative();
    }
  }

  private static long callsIn(AgentCli status) {
    Matcher calls = Pattern.compile("calls: demo=(\\d+) \\(as of").matcher(status.output());
    assertThat(calls.find()).as(status.toString()).isTrue();
    return Long.parseLong(calls.group(1));
  }

  private static List<String> lines(String output, String prefix) {
    return output.lines().filter(line -> line.startsWith(prefix)).toList();
  }

  private static void signal(String signal, ForkedJvm jvm) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, pid(jvm)).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }
}
