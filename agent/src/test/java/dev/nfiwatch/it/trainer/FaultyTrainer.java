package dev.nfiwatch.it.trainer;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A trainer that hands the generic probe one kind of fault, between valid calls: {@value #VALID}
 * valid calls of {@link #backward}, then {@code --repeat} calls with the fault, then {@value
 * #VALID} valid calls again. {@link #backward} never checks its input (a permissive, hand-written
 * loss), so every fault reaches the agent, and it computes {@code softmax − onehot} for whatever
 * it can index. Prints {@code result: calls=N faulty=F checksum=HEX}, a hash of every gradient it
 * wrote and of every exception it caught, so that runs with and without the agent can be compared.
 *
 * <p>Options: {@code --fault NAME --repeat N}; the faults are the constants of {@link Fault}.
 * {@code GROWING_BATCH} also prints {@code heap: used=BYTES} after its last call.
 */
public final class FaultyTrainer {

  static final int VALID = 20;
  static final int BATCH = 8;
  static final int CLASSES = 4;

  /** The faults, one per run. */
  enum Fault {
    NONE, NULL_LOGITS, NULL_LABELS, NULL_GRADIENT, NAN_LOGITS, INFINITE_LOGITS, NAN_GRADIENT,
    SUBNORMAL_LOGITS, ZERO_GRADIENT_ROWS, SHORT_GRADIENT, INCONSISTENT_LENGTHS, EMPTY_BATCH,
    CHANGING_BATCH, LABEL_TOO_LARGE, LABEL_NEGATIVE, THROWS, HUGE_BATCH, MUTATED_DURING_CALL,
    /** Batches above the agent's default analysis.max.samples (65 536), larger on every call. */
    BATCH_TOO_LARGE,
    /**
     * Every call, valid or not, goes through {@link #backwardOneHot}; the faulty ones have a label
     * row without a positive entry.
     */
    NOT_ONE_HOT,
    /**
     * Batches of two classes that double on every call, from 1024 samples up (12 calls reach 2^21
     * samples); the trainer then prints the heap in use after a full collection.
     */
    GROWING_BATCH
  }

  /** Set by the trainer: the next {@link #backward} throws, as a trainer's own bug would. */
  private static boolean failNext;

  private static long hash = 17;

  private FaultyTrainer() {}

  public static void main(String[] args) throws Exception {
    Fault fault = Fault.NONE;
    int repeat = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--fault" -> fault = Fault.valueOf(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long calls = 0;
    boolean oneHot = fault == Fault.NOT_ONE_HOT;
    for (int i = 0; i < VALID; i++, calls++) {
      valid(i, oneHot);
    }
    for (int i = 0; i < repeat; i++, calls++) {
      faulty(fault, i);
    }
    for (int i = 0; i < VALID; i++, calls++) {
      valid(VALID + i, oneHot);
    }
    if (fault == Fault.GROWING_BATCH) {
      System.out.println("heap: used=" + heapAfterCollection());
    }
    System.out.println("result: calls=" + calls + " faulty=" + repeat + " checksum="
        + Long.toHexString(hash));
    System.out.flush();
  }

  private static void valid(int call, boolean oneHot) {
    float[] logits = logits(BATCH, CLASSES, call);
    int[] labels = labels(BATCH, CLASSES);
    float[] gradient = new float[BATCH * CLASSES];
    if (oneHot) {
      backwardOneHot(logits, oneHot(labels, CLASSES), gradient);
    } else {
      backward(logits, labels, gradient);
    }
    mix(gradient);
  }

  private static void faulty(Fault fault, int call) throws InterruptedException {
    float[] logits = logits(BATCH, CLASSES, call);
    int[] labels = labels(BATCH, CLASSES);
    float[] gradient = new float[BATCH * CLASSES];
    switch (fault) {
      case NONE -> backward(logits, labels, gradient);
      case NULL_LOGITS -> backward(null, labels, gradient);
      case NULL_LABELS -> backward(logits, null, gradient);
      case NULL_GRADIENT -> backward(logits, labels, null);
      case NAN_LOGITS -> {
        logits[3] = Float.NaN;
        backward(logits, labels, gradient);
      }
      case INFINITE_LOGITS -> {
        logits[1] = Float.POSITIVE_INFINITY;
        logits[6] = Float.NEGATIVE_INFINITY;
        backward(logits, labels, gradient);
      }
      case NAN_GRADIENT -> {
        corruptOnReturn = 5; // the method leaves a NaN in its gradient, as the agent sees it at exit
        backward(logits, labels, gradient);
      }
      case SUBNORMAL_LOGITS -> {
        Arrays.fill(logits, Float.MIN_VALUE * 3);
        backward(logits, labels, gradient);
      }
      case ZERO_GRADIENT_ROWS -> {
        zeroGradient = true;
        backward(logits, labels, gradient);
      }
      case SHORT_GRADIENT -> backward(logits, labels, new float[BATCH * CLASSES - 1]);
      case INCONSISTENT_LENGTHS -> backward(logits, new int[BATCH + 3], gradient);
      case EMPTY_BATCH -> backward(new float[0], new int[0], new float[0]);
      case CHANGING_BATCH -> {
        int batch = 1 + call % 7;
        float[] g = new float[batch * CLASSES];
        backward(logits(batch, CLASSES, call), labels(batch, CLASSES), g);
        gradient = g;
      }
      case LABEL_TOO_LARGE -> {
        labels[2] = CLASSES;
        backward(logits, labels, gradient);
      }
      case LABEL_NEGATIVE -> {
        labels[0] = -1;
        backward(logits, labels, gradient);
      }
      case THROWS -> {
        failNext = true;
        try {
          backward(logits, labels, gradient);
        } catch (IllegalStateException e) {
          mix(e.getMessage().hashCode());
        }
      }
      case HUGE_BATCH -> {
        int batch = 65_536;
        int classes = 1000;
        float[] big = new float[batch * classes];
        for (int i = 0; i < big.length; i++) {
          big[i] = (i % classes) * 0.01f;
        }
        float[] g = new float[batch * classes];
        backward(big, labels(batch, classes), g);
        mix(g[0]);
        mix(g[g.length - 1]);
        return;
      }
      case MUTATED_DURING_CALL -> {
        AtomicBoolean stop = new AtomicBoolean();
        float[] shared = logits;
        Thread mutator = new Thread(() -> {
          for (int n = 0; !stop.get(); n++) {
            shared[n % shared.length] = n % 3 == 0 ? Float.NaN : n;
          }
        });
        mutator.start();
        for (int n = 0; n < 200; n++) {
          backward(shared, labels, new float[BATCH * CLASSES]);
        }
        stop.set(true);
        mutator.join();
        mix(1); // the mutated values are the mutator's, not part of the result
        return;
      }
      case BATCH_TOO_LARGE -> {
        int batch = 65_537 + call * 4096;
        float[] g = new float[batch * 2];
        backward(logits(batch, 2, call), labels(batch, 2), g);
        mix(g[0]);
        mix(g[g.length - 1]);
        return;
      }
      case NOT_ONE_HOT -> {
        float[] rows = oneHot(labels, CLASSES);
        Arrays.fill(rows, CLASSES, 2 * CLASSES, 0f); // sample 1 has no class
        backwardOneHot(logits, rows, gradient);
      }
      case GROWING_BATCH -> {
        int batch = 1024 << call;
        float[] g = new float[batch * 2];
        backward(logits(batch, 2, call), labels(batch, 2), g);
        mix(g[0]);
        mix(g[g.length - 1]);
        return;
      }
      default -> throw new IllegalArgumentException(fault.name());
    }
    mix(gradient);
  }

  /** One-hot rows of the labels, flat. */
  private static float[] oneHot(int[] labels, int classes) {
    float[] rows = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      rows[i * classes + labels[i]] = 1f;
    }
    return rows;
  }

  /** {@link #backward} with one-hot label rows: a row's class is its first positive entry. */
  static void backwardOneHot(float[] logits, float[] oneHot, float[] gradient) {
    int classes = CLASSES;
    int[] labels = new int[oneHot.length / classes];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = -1;
      for (int k = classes - 1; k >= 0; k--) {
        labels[i] = oneHot[i * classes + k] > 0 ? k : labels[i];
      }
    }
    backward(logits, labels, gradient);
  }

  /** The heap in use after full collections, once it no longer drops. */
  private static long heapAfterCollection() {
    java.lang.management.MemoryMXBean memory =
        java.lang.management.ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return used;
      }
      used = now;
    }
    return used;
  }

  /** Sample i's logits: its class (i mod classes) leads by a margin that grows with the call. */
  private static float[] logits(int batch, int classes, int call) {
    float[] logits = new float[batch * classes];
    for (int i = 0; i < batch; i++) {
      logits[i * classes + i % classes] = 1 + call * 0.25f;
    }
    return logits;
  }

  private static int[] labels(int batch, int classes) {
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % classes;
    }
    return labels;
  }

  private static boolean zeroGradient;
  private static int corruptOnReturn = -1;

  /** A permissive softmax cross-entropy backward: {@code softmax − onehot}, no checks. */
  static void backward(float[] logits, int[] labels, float[] gradient) {
    if (failNext) {
      failNext = false;
      throw new IllegalStateException("the trainer's own failure");
    }
    if (logits == null || labels == null || gradient == null) {
      return;
    }
    int batch = labels.length;
    int classes = batch == 0 ? 0 : logits.length / Math.max(1, batch);
    for (int i = 0; i < batch && classes > 0; i++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, logits[i * classes + k]);
      }
      float sum = 0;
      for (int k = 0; k < classes && i * classes + k < gradient.length; k++) {
        float e = (float) Math.exp(logits[i * classes + k] - max);
        gradient[i * classes + k] = e;
        sum += e;
      }
      for (int k = 0; k < classes && i * classes + k < gradient.length; k++) {
        gradient[i * classes + k] /= sum;
      }
      int label = labels[i];
      if (label >= 0 && label < classes && i * classes + label < gradient.length) {
        gradient[i * classes + label] -= 1;
      }
    }
    if (zeroGradient) {
      zeroGradient = false;
      Arrays.fill(gradient, 0, Math.min(gradient.length, 2 * classes), 0f);
    }
    if (corruptOnReturn >= 0 && corruptOnReturn < gradient.length) {
      gradient[corruptOnReturn] = Float.NaN;
      corruptOnReturn = -1;
    }
  }

  private static void mix(float[] values) {
    for (float v : values) {
      mix(Float.floatToRawIntBits(v));
    }
  }

  private static void mix(float value) {
    mix(Float.floatToRawIntBits(value));
  }

  private static void mix(long value) {
    hash = 31 * hash + value;
  }
}
