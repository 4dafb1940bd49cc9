package dev.nfiwatch.demo.cli;

import dev.nfiwatch.demo.linalg.Backend;
import dev.nfiwatch.demo.linalg.ElementKernels;
import dev.nfiwatch.demo.linalg.Kernels;
import dev.nfiwatch.demo.optim.OptimizerKind;
import dev.nfiwatch.demo.optim.OptimizerSettings;
import dev.nfiwatch.demo.report.CsvReport;
import dev.nfiwatch.demo.report.Listeners;
import dev.nfiwatch.demo.report.PlotReport;
import dev.nfiwatch.demo.report.ProgressPrinter;
import dev.nfiwatch.demo.train.Precision;
import dev.nfiwatch.demo.train.RunResult;
import dev.nfiwatch.demo.train.StepListener;
import dev.nfiwatch.demo.train.StepPacer;
import dev.nfiwatch.demo.train.TaskSpec;
import dev.nfiwatch.demo.train.TaskSpec.TaskKind;
import dev.nfiwatch.demo.train.Trainer;
import dev.nfiwatch.demo.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The demo trainer's command line: a preset, options that override it, and the reports to write. */
@Command(
    name = "nfiwatch-demo",
    sortOptions = false,
    abbreviateSynopsis = true,
    description = {
      "Trains a small classifier with EJML and reports loss spikes (Slingshot) caused by softmax"
          + " absorption in low precision.",
      "Every option overrides the preset's value."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      defaultValue = "slingshot",
      description = "reference | slingshot (default: ${DEFAULT-VALUE})")
  private Preset preset;

  @Option(
      names = "--task",
      paramLabel = "NAME",
      description = "modadd | clusters")
  private TaskKind task;

  @Option(
      names = "--precision",
      paramLabel = "NAME",
      description = "fp32 | fp64 | bf16 (preset: fp32)")
  private Precision precision;

  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "optimizer steps")
  private Long steps;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "seed of split, initialisation and batches (preset: 0)")
  private Long seed;

  @Option(
      names = "--optimizer",
      paramLabel = "NAME",
      description = "adam | adamw | sgd (preset: adam)")
  private OptimizerKind optimizer;

  @Option(
      names = "--lr",
      paramLabel = "X",
      description = "learning rate")
  private Double lr;

  @Option(
      names = "--beta1",
      paramLabel = "X",
      description = "Adam β1 (preset: 0.9)")
  private Double beta1;

  @Option(
      names = "--beta2",
      paramLabel = "X",
      description = "Adam β2 (preset: 0.98)")
  private Double beta2;

  @Option(
      names = "--eps",
      paramLabel = "X",
      description = "Adam ε (preset: 1e-8)")
  private Double eps;

  @Option(
      names = "--weight-decay",
      paramLabel = "X",
      description = "L2 (adam, sgd) or decoupled (adamw) λ")
  private Double weightDecay;

  @Option(
      names = "--momentum",
      paramLabel = "X",
      description = "SGD momentum (preset: 0.9)")
  private Double momentum;

  @Option(
      names = "--width",
      paramLabel = "N",
      description = "width of the embeddings and hidden layers")
  private Integer width;

  @Option(
      names = "--depth",
      paramLabel = "N",
      description = "number of hidden width × width layers")
  private Integer depth;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "examples per step, 0 = full batch")
  private Integer batch;

  @Option(
      names = "--train-share",
      paramLabel = "X",
      description = "share of examples used for training")
  private Double trainShare;

  @Option(
      names = "--modulus",
      paramLabel = "N",
      description = "p of the modular addition task")
  private Integer modulus;

  @Option(
      names = "--classes",
      paramLabel = "N",
      description = "K of the clusters task")
  private Integer classes;

  @Option(
      names = "--dims",
      paramLabel = "N",
      description = "dimensions of the clusters task")
  private Integer dimensions;

  @Option(
      names = "--samples",
      paramLabel = "N",
      description = "examples of the clusters task (train + test)")
  private Integer samples;

  @Option(
      names = "--eval-every",
      paramLabel = "N",
      description = "steps between test-accuracy evaluations")
  private Integer evalEvery;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "with --kernels ejml: 1 = single-threaded, more = EJML's concurrent products;"
          + " OpenBLAS takes its threads from OPENBLAS_NUM_THREADS, which demo.sh sets from this"
          + " (preset: 1)")
  private Integer threads;

  @Option(
      names = "--kernels",
      paramLabel = "NAME",
      description = "what runs the matrix products: auto (native BLAS if it loads, else Java) |"
          + " native | java | ejml (preset: auto)")
  private Kernels kernels;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "1",
      description = "train N models at once, in N threads of this JVM, with seeds seed ... seed+N-1"
          + " (default: 1)")
  private int parallel;

  @Option(
      names = "--max-steps-per-second",
      paramLabel = "N",
      defaultValue = "${env:NFIWATCH_DEMO_MAX_STEPS_PER_SECOND}",
      description = "train no faster than N steps per second, to watch a run live (default:"
          + " $NFIWATCH_DEMO_MAX_STEPS_PER_SECOND, else as fast as it goes)")
  private Double maxStepsPerSecond;

  @Option(names = "--csv", paramLabel = "FILE", description = "write one CSV row per step")
  private Path csv;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "draw loss and norms (PNG)")
  private Path plot;

  @Option(
      names = "--linger",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "keep the JVM alive this long after training (agent's live page)")
  private int lingerSeconds;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help")
  private boolean help;

  private final PrintStream out;
  private final boolean terminal;

  /**
   * @param out where progress and the result line go
   * @param terminal whether {@code out} is an interactive terminal
   */
  public DemoCommand(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    TrainingConfig config = resolve();
    out.println(Describe.config(preset, config));
    out.println("nfiwatch demo: matrix products: " + backend(config).description());
    out.println("nfiwatch demo: element-wise kernels: " + ElementKernels.DESCRIPTION);
    List<String> results =
        parallel == 1
            ? List.of(Trainer.train(config, listeners(config, true)).line())
            : trainInParallel(config);
    if (lingerSeconds > 0) {
      out.printf(
          "training done; lingering %d s so the agent's live page stays reachable%n",
          lingerSeconds);
    }
    results.forEach(out::println);
    out.flush();
    if (lingerSeconds > 0) {
      Thread.sleep(lingerSeconds * 1000L);
    }
    return 0;
  }

  /**
   * Trains {@code parallel} models with consecutive seeds, one thread each; the first model prints
   * the progress. Returns one result line per model, in seed order, each naming its model and seed.
   */
  private List<String> trainInParallel(TrainingConfig config) throws Exception {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallel, task -> new Thread(task, "trainer-" + threads.getAndIncrement()));
    try {
      List<Future<RunResult>> runs = new ArrayList<>();
      for (int model = 0; model < parallel; model++) {
        TrainingConfig seeded = config.withSeed(config.seed() + model);
        StepListener listener = listeners(seeded, model == 0);
        runs.add(pool.submit(() -> Trainer.train(seeded, listener)));
      }
      List<String> lines = new ArrayList<>();
      for (int model = 0; model < parallel; model++) {
        try {
          lines.add(runs.get(model).get().line(model, config.seed() + model));
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
      }
      return lines;
    } finally {
      pool.shutdownNow();
    }
  }

  private Backend backend(TrainingConfig config) {
    try {
      return Backend.resolve(config.kernels());
    } catch (IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private StepListener listeners(TrainingConfig config, boolean progress) throws IOException {
    List<StepListener> list = new ArrayList<>();
    if (progress) {
      list.add(new ProgressPrinter(out, terminal, config.steps()));
    }
    if (maxStepsPerSecond != null) {
      list.add(new StepPacer(maxStepsPerSecond));
    }
    if (csv != null) {
      list.add(new CsvReport(csv));
    }
    if (plot != null) {
      list.add(new PlotReport(plot, config.steps()));
    }
    return new Listeners(list);
  }

  /** The preset with every given option applied, checked. */
  TrainingConfig resolve() {
    TrainingConfig p = preset.config();
    TaskSpec t = p.task();
    OptimizerSettings o = p.optimizer();
    TrainingConfig config =
        new TrainingConfig(
            new TaskSpec(
                or(task, t.kind()),
                or(trainShare, t.trainShare()),
                or(modulus, t.modulus()),
                or(classes, t.classes()),
                or(dimensions, t.dimensions()),
                or(samples, t.samples()),
                t.separation()),
            or(precision, p.precision()),
            or(width, p.width()),
            or(depth, p.depth()),
            or(batch, p.batch()),
            or(steps, p.steps()),
            or(seed, p.seed()),
            new OptimizerSettings(
                or(optimizer, o.kind()),
                or(lr, o.lr()),
                or(beta1, o.beta1()),
                or(beta2, o.beta2()),
                or(eps, o.eps()),
                or(weightDecay, o.weightDecay()),
                or(momentum, o.momentum())),
            or(evalEvery, p.evalEvery()),
            or(threads, p.threads()),
            or(kernels, p.kernels()));
    try {
      ConfigChecks.check(config);
      checkOutputs();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return config;
  }

  private void checkOutputs() {
    if (parallel < 1 || parallel > 64) {
      throw new IllegalArgumentException("--parallel must be 1 to 64 models, got " + parallel);
    }
    if (parallel > 1 && (csv != null || plot != null)) {
      throw new IllegalArgumentException(
          "--csv and --plot describe one model: leave them out with --parallel " + parallel);
    }
    if (lingerSeconds < 0) {
      throw new IllegalArgumentException("--linger must be 0 or more seconds, got " + lingerSeconds);
    }
    if (maxStepsPerSecond != null
        && (!(maxStepsPerSecond > 0) || maxStepsPerSecond.isInfinite())) {
      throw new IllegalArgumentException(
          "--max-steps-per-second must be a positive number, got " + maxStepsPerSecond);
    }
    String plotName = plot == null ? "" : plot.getFileName().toString().toLowerCase(Locale.ROOT);
    if (plot != null && !plotName.endsWith(".png")) {
      throw new IllegalArgumentException("--plot must name a .png file, got " + plot);
    }
    for (Path file : new Path[] {csv, plot}) {
      if (file != null) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
          throw new IllegalArgumentException("no such directory for output file " + file);
        }
      }
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
