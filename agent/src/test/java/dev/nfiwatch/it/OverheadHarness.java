package dev.nfiwatch.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the agent's overhead on the demo trainer: runs the demo alternately without and with
 * {@code -javaagent} (default agent settings, port 0), reads each run's own {@code wall_s} (training
 * time, JVM start excluded) and prints steps/s and their ratio (without / with; 1.00 = no
 * overhead), plus, from the agent's snapshot, the training thread's time in the probe ({@code
 * nfi_call_seconds}) and the analysis time ({@code nfi_analysis_seconds}, on the background thread
 * by default) as shares of training time. Not a test: run it with {@code -Poverhead} (see
 * BENCHMARKS.md).
 *
 * <p>Arguments: agent jar, demo jar, pairs of runs, then the demo's arguments. The system property
 * {@code overhead.agentArgs} adds agent arguments (e.g. {@code analysis=inline}).
 */
public final class OverheadHarness {

  private static final Pattern RESULT = Pattern.compile("result: steps=(\\d+) .*wall_s=([0-9.]+)");

  private OverheadHarness() {}

  public static void main(String[] args) throws Exception {
    Path agentJar = Paths.get(args[0]);
    Path demoJar = Paths.get(args[1]);
    int pairs = Integer.parseInt(args[2]);
    List<String> demoArgs = Arrays.asList(args).subList(3, args.length);
    double[] without = new double[pairs];
    double[] with = new double[pairs];
    double callShare = 0;
    double analysisShare = 0;
    double callMicros = 0;
    double analysisMicros = 0;
    Path snapshot = Files.createTempFile("nfiwatch-overhead", ".prom");
    for (int pair = 0; pair < pairs; pair++) {
      boolean agentFirst = pair % 2 == 1;
      for (int run = 0; run < 2; run++) {
        boolean agent = (run == 0) == agentFirst;
        double[] stepsAndWall = runDemo(agentJar, demoJar, demoArgs, agent ? snapshot : null);
        double stepsPerSecond = stepsAndWall[0] / stepsAndWall[1];
        if (agent) {
          with[pair] = stepsPerSecond;
          double call = seconds(snapshot, "nfi_call_seconds_sum");
          double analysis = seconds(snapshot, "nfi_analysis_seconds_sum");
          callShare = call / stepsAndWall[1];
          analysisShare = analysis / stepsAndWall[1];
          callMicros = 1e6 * call / seconds(snapshot, "nfi_call_seconds_count");
          analysisMicros = 1e6 * analysis / seconds(snapshot, "nfi_analysis_seconds_count");
        } else {
          without[pair] = stepsPerSecond;
        }
        System.out.printf(Locale.ROOT, "run %d %-13s %8.1f steps/s%n", pair + 1,
            agent ? "with agent" : "without agent", stepsPerSecond);
      }
    }
    double medianWithout = median(without);
    double medianWith = median(with);
    double[] pairRatios = new double[pairs];
    for (int pair = 0; pair < pairs; pair++) {
      pairRatios[pair] = without[pair] / with[pair];
    }
    Arrays.sort(pairRatios);
    System.out.printf(Locale.ROOT, "ratio per pair (without/with, sorted): %s; median %.3f%n",
        Arrays.toString(pairRatios), median(pairRatios));
    System.out.printf(Locale.ROOT,
        "median steps/s: without %.1f, with %.1f; ratio without/with = %.3f; in the last run with"
            + " the agent, training thread in the probe %.2f%% and analysis %.2f%% of training"
            + " time%n",
        medianWithout, medianWith, medianWithout / medianWith, 100 * callShare,
        100 * analysisShare);
    System.out.printf(Locale.ROOT,
        "per call in the last run with the agent: training thread %.1f us, analysis %.1f us%n",
        callMicros, analysisMicros);
    Files.deleteIfExists(snapshot);
  }

  private static double[] runDemo(Path agentJar, Path demoJar, List<String> demoArgs, Path snapshot)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    if (snapshot != null) {
      String extra = System.getProperty("overhead.agentArgs", "");
      command.add("-javaagent:" + agentJar + "=port=0,snapshot=" + snapshot
          + (extra.isEmpty() ? "" : "," + extra));
    }
    command.add("-jar");
    command.add(demoJar.toString());
    command.addAll(demoArgs);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    double[] result = null;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        Matcher matcher = RESULT.matcher(line);
        if (matcher.find()) {
          result = new double[] {Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2))};
        }
      }
    }
    if (process.waitFor() != 0 || result == null) {
      throw new IllegalStateException("demo run failed: " + command);
    }
    return result;
  }

  private static double seconds(Path snapshot, String series) throws IOException {
    String prefix = series + "{model=\"0\",probe=\"demo\"} ";
    for (String line : Files.readAllLines(snapshot)) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(prefix.length()).trim());
      }
    }
    throw new IllegalStateException("no " + series + " in " + snapshot);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
