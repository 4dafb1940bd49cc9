package dev.nfiwatch.it.trainer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many small backward calls from several threads at once, for the concurrency and soak tests: each
 * of {@code --threads} threads calls {@link #backward} (batch 4, 4 classes) until {@code --calls}
 * calls were made in all. Every {@code --sample-every} calls the main thread prints {@code sample:
 * calls=N heap=BYTES threads=T agent_threads=A} (heap used after a full GC, live threads, live
 * threads named {@code nfiwatch-…}), so a test can fit the slope. {@code --exit-after N} makes a training thread call {@code System.exit(0)} after N calls
 * (the agent must still write its snapshot); {@code --until-told} keeps the threads calling past
 * {@code --calls} until a line arrives on stdin, so a test can see its scrapes happen while they
 * train however fast the machine is; {@code --hold} waits on stdin before exiting. Prints
 * {@code result: calls=N}.
 */
public final class SoakTrainer {

  private static final int BATCH = 4;
  private static final int CLASSES = 4;

  private SoakTrainer() {}

  public static void main(String[] args) throws Exception {
    int threads = 8;
    long calls = 100_000;
    long sampleEvery = 0;
    long exitAfter = -1;
    boolean hold = false;
    boolean untilTold = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--calls" -> calls = Long.parseLong(args[++i]);
        case "--sample-every" -> sampleEvery = Long.parseLong(args[++i]);
        case "--exit-after" -> exitAfter = Long.parseLong(args[++i]);
        case "--hold" -> hold = true;
        case "--until-told" -> untilTold = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    AtomicLong made = new AtomicLong();
    AtomicBoolean told = new AtomicBoolean(!untilTold);
    long total = calls;
    long exitAt = exitAfter;
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int seed = t;
      workers[t] = new Thread(() -> train(seed, total, exitAt, made, told), "soak-" + t);
      workers[t].start();
    }
    if (untilTold) {
      Thread listener =
          new Thread(
              () -> {
                try {
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                      .readLine();
                } catch (IOException e) {
                  // stdin gone: stop as if told
                }
                told.set(true);
              },
              "soak-told");
      listener.setDaemon(true);
      listener.start();
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    long nextSample = sampleEvery;
    while (anyAlive(workers)) {
      if (sampleEvery > 0 && made.get() >= nextSample) {
        System.gc();
        System.out.println("sample: calls=" + made.get() + " heap="
            + memory.getHeapMemoryUsage().getUsed() + " threads=" + threadBean.getThreadCount()
            + " agent_threads=" + agentThreads());
        System.out.flush();
        nextSample += sampleEvery;
      }
      workers[0].join(10); // a workload's poll, not a test's wait
    }
    System.out.println("result: calls=" + made.get());
    System.out.flush();
    if (hold) {
      while (System.in.read() >= 0) {
        // until stdin closes
      }
    }
  }

  private static long agentThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("nfiwatch-"))
        .count();
  }

  private static boolean anyAlive(Thread[] workers) {
    for (Thread worker : workers) {
      if (worker.isAlive()) {
        return true;
      }
    }
    return false;
  }

  private static void train(
      int seed, long total, long exitAt, AtomicLong made, AtomicBoolean told) {
    float[] logits = new float[BATCH * CLASSES];
    int[] labels = new int[BATCH];
    float[] gradient = new float[BATCH * CLASSES];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = (i + seed) % CLASSES;
    }
    for (long n = made.getAndIncrement(); n < total || !told.get(); n = made.getAndIncrement()) {
      for (int i = 0; i < BATCH; i++) {
        logits[i * CLASSES + labels[i]] = 1 + (n % 1000) * 0.02f;
      }
      backward(logits, labels, gradient);
      if (n + 1 == exitAt) {
        System.out.println("exiting after " + exitAt + " calls");
        System.out.flush();
        System.exit(0);
      }
    }
    made.decrementAndGet(); // the last getAndIncrement made no call
  }

  /** Softmax cross-entropy backward, {@code softmax − onehot}, into {@code gradient}. */
  static void backward(float[] logits, int[] labels, float[] gradient) {
    for (int i = 0; i < BATCH; i++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < CLASSES; k++) {
        max = Math.max(max, logits[i * CLASSES + k]);
      }
      float sum = 0;
      for (int k = 0; k < CLASSES; k++) {
        gradient[i * CLASSES + k] = (float) Math.exp(logits[i * CLASSES + k] - max);
        sum += gradient[i * CLASSES + k];
      }
      for (int k = 0; k < CLASSES; k++) {
        gradient[i * CLASSES + k] /= sum;
      }
      gradient[i * CLASSES + labels[i]] -= 1;
    }
  }
}
