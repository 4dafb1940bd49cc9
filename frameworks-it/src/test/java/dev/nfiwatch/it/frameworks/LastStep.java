package dev.nfiwatch.it.frameworks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test trainer records of the examples it trains on, independently of the agent: the label,
 * logits and library-computed gradient of the most recent examples, so that the test can recompute
 * the last step's statistics from the same logits. Written one example per line as {@code
 * label;z0,z1,…;g0,g1,…} in the values' shortest round-trip form. The trainers take {@code -} as
 * the file name to record nothing (the overhead benchmark).
 */
public final class LastStep {

  private final int keep;
  private final Deque<String> rows = new ArrayDeque<>();

  /** @param keep how many of the most recent examples to keep (the size of the last step) */
  public LastStep(int keep) {
    this.keep = keep;
  }

  /** Records one example, keeping only the most recent {@code keep}. */
  public void add(int label, double[] logits, double[] gradient) {
    StringBuilder row = new StringBuilder().append(label).append(';');
    join(row, logits);
    row.append(';');
    join(row, gradient);
    rows.addLast(row.toString());
    if (rows.size() > keep) {
      rows.removeFirst();
    }
  }

  /** Records one example of float values (each kept exactly). */
  public void add(int label, float[] logits, float[] gradient) {
    StringBuilder row = new StringBuilder().append(label).append(';');
    join(row, logits);
    row.append(';');
    join(row, gradient);
    rows.addLast(row.toString());
    if (rows.size() > keep) {
      rows.removeFirst();
    }
  }

  /** A recorder for {@code file} keeping {@code keep} examples, or null for {@code -} (no recording). */
  public static LastStep forFile(String file, int keep) {
    return "-".equals(file) ? null : new LastStep(keep);
  }

  /** Writes the kept examples to {@code file}. */
  public void write(Path file) throws IOException {
    try (PrintWriter out =
        new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      for (String row : rows) {
        out.println(row);
      }
    }
  }

  private static void join(StringBuilder row, double[] values) {
    for (int i = 0; i < values.length; i++) {
      row.append(i == 0 ? "" : ",").append(values[i]);
    }
  }

  private static void join(StringBuilder row, float[] values) {
    for (int i = 0; i < values.length; i++) {
      row.append(i == 0 ? "" : ",").append(values[i]);
    }
  }
}
