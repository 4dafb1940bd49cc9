package dev.nfiwatch.agent.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NFI detector-quality harness (a measurement, not a test): runs the demo trainer's slingshot
 * preset with the agent attached over many seeds, in fp32, fp64, fp32 with {@code mode=repair} and
 * fp32 with AdamW weight decay, and reports how often the onset fired before the first loss spike,
 * its lead time, and the onsets in the runs that should have none.
 *
 * <pre>
 * mvn -B -q -pl agent,demo-trainer -am package -DskipTests
 * java -cp agent/target/test-classes dev.nfiwatch.agent.quality.DetectorQuality \
 *     --seeds 20 --jobs 2 --out target/detector-quality
 * </pre>
 *
 * <p>Per run it reads the demo's {@code result:} line (spikes, first spike), the agent's snapshot
 * file ({@code nfi_onsets_total}, {@code nfi_first_absorption_step}) and the agent's exit line
 * {@code nfi: … onset_step=…} for the first onset. Every finished run is appended to {@code
 * runs.csv} and the report {@code report.md} is rewritten after each one, so a harness stopped
 * early still leaves what it measured.
 */
public final class DetectorQuality {

  /** A demo configuration the harness compares. */
  enum Setup {
    FP32("fp32", "", "--precision", "fp32"),
    FP64("fp64", "", "--precision", "fp64"),
    REPAIR("fp32 + repair", ",mode=repair", "--precision", "fp32"),
    WEIGHT_DECAY("fp32 + AdamW wd 1.0", "", "--precision", "fp32", "--optimizer", "adamw",
        "--weight-decay", "1.0");

    final String title;
    final String agentOptions;
    final List<String> demoArguments;

    Setup(String title, String agentOptions, String... demoArguments) {
      this.title = title;
      this.agentOptions = agentOptions;
      this.demoArguments = List.of(demoArguments);
    }
  }

  /** What one run showed; steps are -1 when the event did not happen. */
  static final class Run {
    final Setup setup;
    final long seed;
    final int spikes;
    final long firstSpike;
    final long onsets;
    final long firstOnset;
    final long firstAbsorption;
    final double wallSeconds;

    Run(Setup setup, long seed, int spikes, long firstSpike, long onsets, long firstOnset,
        long firstAbsorption, double wallSeconds) {
      this.setup = setup;
      this.seed = seed;
      this.spikes = spikes;
      this.firstSpike = firstSpike;
      this.onsets = onsets;
      this.firstOnset = firstOnset;
      this.firstAbsorption = firstAbsorption;
      this.wallSeconds = wallSeconds;
    }

    String csv() {
      return String.join(",", setup.name(), Long.toString(seed), Integer.toString(spikes),
          Long.toString(firstSpike), Long.toString(onsets), Long.toString(firstOnset),
          Long.toString(firstAbsorption), String.format(Locale.ROOT, "%.1f", wallSeconds));
    }
  }

  private static final Pattern RESULT =
      Pattern.compile("result: steps=(\\d+) spikes=(\\d+) first_spike=(-?\\d+) wall_s=([0-9.]+)");
  private static final Pattern NFI_LINE = Pattern.compile("nfi: probe=demo model=0 onsets=(\\d+) onset_step=(-?\\d+)");

  private DetectorQuality() {}

  public static void main(String[] args) throws Exception {
    int seeds = 20;
    int jobs = 2;
    long firstSeed = 1;
    Path out = Paths.get("target", "detector-quality");
    Path agentJar = Paths.get("agent", "target", "nfiwatch-agent.jar");
    Path demoJar = Paths.get("demo-trainer", "target", "nfiwatch-demo.jar");
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--seeds": seeds = Integer.parseInt(value); break;
        case "--first-seed": firstSeed = Long.parseLong(value); break;
        case "--jobs": jobs = Integer.parseInt(value); break;
        case "--out": out = Paths.get(value); break;
        case "--agent": agentJar = Paths.get(value); break;
        case "--demo": demoJar = Paths.get(value); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(out);
    Path csv = out.resolve("runs.csv");
    Files.write(csv, List.of("setup,seed,spikes,first_spike,onsets,first_onset,first_absorption,wall_s"),
        StandardCharsets.UTF_8);
    List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    List<Future<?>> pending = new ArrayList<>();
    for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
      for (Setup setup : Setup.values()) {
        long s = seed;
        Path dir = out;
        Path agent = agentJar;
        Path demo = demoJar;
        pending.add(pool.submit(() -> {
          Run run = runOnce(setup, s, dir, agent, demo);
          synchronized (runs) {
            runs.add(run);
            Files.write(csv, List.of(run.csv()), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
            Files.write(dir.resolve("report.md"), report(runs).getBytes(StandardCharsets.UTF_8));
            System.out.println(run.csv());
          }
          return null;
        }));
      }
    }
    for (Future<?> future : pending) {
      future.get();
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    System.out.println(report(runs));
  }

  private static Run runOnce(Setup setup, long seed, Path out, Path agentJar, Path demoJar)
      throws IOException, InterruptedException {
    String name = setup.name().toLowerCase(Locale.ROOT) + "-" + seed;
    Path snapshot = out.resolve(name + ".prom").toAbsolutePath();
    Path log = out.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + agentJar.toAbsolutePath() + "=port=0,snapshot=" + snapshot
        + setup.agentOptions);
    command.add("-jar");
    command.add(demoJar.toAbsolutePath().toString());
    command.addAll(setup.demoArguments);
    command.add("--seed");
    command.add(Long.toString(seed));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("run " + name + " failed; see " + log);
    }
    String output = Files.readString(log);
    Matcher result = RESULT.matcher(output);
    Matcher nfi = NFI_LINE.matcher(output);
    if (!result.find() || !nfi.find()) {
      throw new IllegalStateException("run " + name + ": no result or nfi line; see " + log);
    }
    String prom = Files.readString(snapshot);
    return new Run(setup, seed, Integer.parseInt(result.group(2)), Long.parseLong(result.group(3)),
        (long) metric(prom, "nfi_onsets_total"), Long.parseLong(nfi.group(2)),
        (long) metric(prom, "nfi_first_absorption_step"), Double.parseDouble(result.group(4)));
  }

  private static double metric(String prom, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{model=\"0\",probe=\"demo\"\\} (\\S+)$").matcher(prom);
    if (!m.find()) {
      throw new IllegalStateException("snapshot has no " + name);
    }
    return Double.parseDouble(m.group(1));
  }

  /** The Markdown report of the runs so far. */
  static String report(List<Run> runs) {
    StringBuilder text = new StringBuilder();
    text.append("| setup | runs | runs with spikes | runs with an onset | onset before first spike"
        + " | lead, steps (median / min) | lead, share of first absorption → first spike"
        + " (median / min) |\n|---|---|---|---|---|---|---|\n");
    for (Setup setup : Setup.values()) {
      List<Run> mine = new ArrayList<>();
      for (Run run : runs) {
        if (run.setup == setup) {
          mine.add(run);
        }
      }
      if (mine.isEmpty()) {
        continue;
      }
      int spiking = 0;
      int withOnset = 0;
      int early = 0;
      List<Double> leads = new ArrayList<>();
      List<Double> shares = new ArrayList<>();
      for (Run run : mine) {
        withOnset += run.onsets > 0 ? 1 : 0;
        if (run.firstSpike < 0) {
          continue;
        }
        spiking++;
        if (run.firstOnset >= 0 && run.firstOnset < run.firstSpike) {
          early++;
          leads.add((double) (run.firstSpike - run.firstOnset));
          if (run.firstAbsorption >= 0 && run.firstSpike > run.firstAbsorption) {
            shares.add((double) (run.firstSpike - run.firstOnset)
                / (run.firstSpike - run.firstAbsorption));
          }
        }
      }
      text.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s |\n",
          setup.title, mine.size(), spiking, withOnset,
          spiking == 0 ? "–" : String.format(Locale.ROOT, "%d / %d (%.0f %%)", early, spiking,
              100.0 * early / spiking),
          leads.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f / %.0f", median(leads),
              Collections.min(leads)),
          shares.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f / %.2f", median(shares),
              Collections.min(shares))));
    }
    return text.toString();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
