package dev.nfiwatch.demo.quality;

import dev.nfiwatch.demo.DemoTrainer;
import dev.nfiwatch.signals.LossSpikeRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures candidate forms of the loss-spike rule on the demo's per-step losses, on noisy
 * (mini-batch) and on clean (full-batch) runs, in fp32 (Slingshot spikes are real) and fp64 (they
 * are not). A measurement, not a test (BENCHMARKS.md, "The loss-spike rule on mini-batches"):
 *
 * <pre>
 * java -cp demo-trainer/target/test-classes:demo-trainer/target/nfiwatch-demo.jar \
 *     dev.nfiwatch.demo.quality.SpikeRuleForms --seeds 3 --out target/spike-rule-forms
 * </pre>
 *
 * <p>Each run writes the demo's CSV; every form is evaluated on the same losses. The two forms of
 * {@link LossSpikeRule} are fed as the agent and the trainer feed them; the other candidates are
 * evaluated here only, from their definition. The trainer's own {@code result:} spike count is
 * checked against the form it applies, so the table is known to describe the shipped rule.
 */
public final class SpikeRuleForms {

  private static final Pattern RESULT = Pattern.compile("result: steps=\\d+ spikes=(\\d+) ");

  /** One demo configuration, run for every seed. */
  record Setup(String name, boolean miniBatch, String... args) {}

  /** One way to decide which steps start a spike. */
  interface Form {
    String name();

    List<Long> spikes(long[] steps, double[] losses, double[] accuracies);
  }

  private static final List<Setup> SETUPS =
      List.of(
          new Setup("clusters fp32, batch 100, Adam 5e-2", true,
              "--task", "clusters", "--batch", "100", "--lr", "0.05"),
          new Setup("clusters fp64, batch 100, Adam 5e-2", true,
              "--task", "clusters", "--batch", "100", "--lr", "0.05", "--precision", "fp64"),
          new Setup("slingshot fp32, batch 64", true, "--batch", "64"),
          new Setup("slingshot fp64, batch 64", true, "--batch", "64", "--precision", "fp64"),
          new Setup("slingshot fp32, batch 32", true, "--batch", "32"),
          new Setup("slingshot fp32, batch 128", true, "--batch", "128"),
          new Setup("slingshot fp32, full batch", false),
          new Setup("slingshot fp64, full batch", false, "--precision", "fp64"));

  private static final List<Form> FORMS =
      List.of(
          shipped("window minimum (full-batch form)", LossSpikeRule.Form.FULL_BATCH),
          shipped("mean of 10 vs window median (mini-batch form)", LossSpikeRule.Form.MINI_BATCH),
          new WindowForm("raw loss vs window 10th percentile", 1, 0.10),
          new WindowForm("mean of 10 vs window minimum", 10, 0.0),
          new WindowForm("mean of 50 vs window median", 50, 0.5));

  private SpikeRuleForms() {}

  public static void main(String[] args) throws Exception {
    int seeds = 3;
    int jobs = 2;
    Path out = Path.of("target", "spike-rule-forms");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--jobs" -> jobs = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (allowed: --seeds N, --jobs N, --out DIR)");
      }
    }
    Files.createDirectories(out);
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    List<Future<List<Result>>> runs = new ArrayList<>();
    for (Setup setup : SETUPS) {
      for (int seed = 0; seed < seeds; seed++) {
        int s = seed;
        Path dir = out;
        runs.add(pool.submit(() -> measure(setup, s, dir)));
      }
    }
    StringBuilder tsv = new StringBuilder("setup\tseed\tform\tspikes\tspike steps\n");
    List<Result> results = new ArrayList<>();
    for (Future<List<Result>> run : runs) {
      for (Result r : run.get()) {
        String row = String.format(Locale.ROOT, "%s\t%d\t%s\t%d\t%s%n",
            r.setup().name(), r.seed(), r.form().name(), r.spikes().size(), r.spikes());
        tsv.append(row);
        System.out.print(row);
        results.add(r);
      }
    }
    pool.shutdown();
    Files.writeString(out.resolve("forms.tsv"), tsv);
    String summary = summary(results, seeds);
    Files.writeString(out.resolve("summary.md"), summary);
    System.out.println();
    System.out.print(summary);
  }

  /** One form's spike starts on one run. */
  record Result(Setup setup, int seed, Form form, List<Long> spikes) {}

  /** A table: per setup and form, spikes in all runs and how many runs had any. */
  private static String summary(List<Result> results, int seeds) {
    StringBuilder table = new StringBuilder("| setup (" + seeds + " seeds) |");
    FORMS.forEach(f -> table.append(' ').append(f.name()).append(" |"));
    table.append("\n|---|").append("---|".repeat(FORMS.size())).append('\n');
    for (Setup setup : SETUPS) {
      table.append("| ").append(setup.name()).append(" |");
      for (Form form : FORMS) {
        int spikes = 0;
        int runs = 0;
        for (Result r : results) {
          if (r.setup() == setup && r.form() == form) {
            spikes += r.spikes().size();
            runs += r.spikes().isEmpty() ? 0 : 1;
          }
        }
        table.append(String.format(Locale.ROOT, " %d (%d runs) |", spikes, runs));
      }
      table.append('\n');
    }
    return table.toString();
  }

  private static List<Result> measure(Setup setup, int seed, Path out) throws IOException {
    Path csv = out.resolve(setup.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-seed" + seed + ".csv");
    List<String> args = new ArrayList<>(List.of(setup.args()));
    args.addAll(List.of("--seed", Integer.toString(seed), "--csv", csv.toString()));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    int code = DemoTrainer.run(args.toArray(String[]::new), print, print, false);
    String output = stdout.toString(StandardCharsets.UTF_8);
    Matcher result = RESULT.matcher(output);
    if (code != 0 || !result.find()) {
      throw new IllegalStateException(setup.name() + " seed " + seed + " failed:\n" + output);
    }
    List<String> lines = Files.readAllLines(csv);
    int n = lines.size() - 1;
    long[] steps = new long[n];
    double[] losses = new double[n];
    double[] accuracies = new double[n];
    for (int i = 0; i < n; i++) {
      String[] cells = lines.get(i + 1).split(",", 4);
      steps[i] = Long.parseLong(cells[0]);
      losses[i] = Double.parseDouble(cells[1]);
      accuracies[i] = Double.parseDouble(cells[2]);
    }
    List<Result> rows = new ArrayList<>();
    for (int f = 0; f < FORMS.size(); f++) {
      List<Long> spikes = FORMS.get(f).spikes(steps, losses, accuracies);
      boolean trainersForm = f == (setup.miniBatch() ? 1 : 0);
      if (trainersForm && spikes.size() != Integer.parseInt(result.group(1))) {
        throw new IllegalStateException(setup.name() + " seed " + seed + ": the trainer counted "
            + result.group(1) + " spikes, its form here " + spikes);
      }
      rows.add(new Result(setup, seed, FORMS.get(f), spikes));
    }
    return rows;
  }

  private static Form shipped(String name, LossSpikeRule.Form form) {
    return new Form() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Long> spikes(long[] steps, double[] losses, double[] accuracies) {
        LossSpikeRule rule = new LossSpikeRule(form);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
          if (rule.observe(steps[i], losses[i], accuracies[i] == 1.0)) {
            starts.add(steps[i]);
          }
        }
        return starts;
      }
    };
  }

  /**
   * A candidate from its definition: the mean of the last {@code smoothing} losses against a
   * quantile of those means over the previous {@link LossSpikeRule#WINDOW} steps (at least 10 of
   * them), times {@link LossSpikeRule#FACTOR}; armed and de-duplicated as the shipped rule is.
   */
  record WindowForm(String name, int smoothing, double quantile) implements Form {
    @Override
    public List<Long> spikes(long[] steps, double[] losses, double[] accuracies) {
      int n = steps.length;
      double[] means = new double[n];
      for (int i = 0; i < n; i++) {
        double sum = 0;
        int from = Math.max(0, i - smoothing + 1);
        for (int j = from; j <= i; j++) {
          sum += losses[j];
        }
        means[i] = sum / (i - from + 1);
      }
      List<Long> starts = new ArrayList<>();
      boolean armed = false;
      long last = Long.MIN_VALUE;
      for (int i = 0; i < n; i++) {
        armed |= accuracies[i] == 1.0;
        int from = i;
        while (from > 0 && steps[from - 1] >= steps[i] - LossSpikeRule.WINDOW) {
          from--;
        }
        if (!armed || i + 1 < smoothing || i - from < 10
            || (last != Long.MIN_VALUE && steps[i] - last <= LossSpikeRule.WINDOW)) {
          continue;
        }
        double[] window = Arrays.copyOfRange(means, from, i);
        Arrays.sort(window);
        double reference = window[(int) Math.floor(quantile * (window.length - 1))];
        if (means[i] > LossSpikeRule.FACTOR * Math.max(reference, LossSpikeRule.FLOOR)) {
          starts.add(steps[i]);
          last = steps[i];
        }
      }
      return starts;
    }
  }
}
