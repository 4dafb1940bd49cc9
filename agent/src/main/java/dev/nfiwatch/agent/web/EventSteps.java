package dev.nfiwatch.agent.web;

/**
 * The exact steps at which an event (a loss-spike start, an NFI onset) happened, in bounded memory.
 *
 * <p>Events are rare, so they are kept exactly rather than downsampled. Past the limit the first
 * half is kept for good (the first spike and the first onset are what a user looks for) and the
 * other half holds the most recent events; {@link #total()} still counts every event.
 *
 * <p>Not thread-safe: the owner ({@link ProbeHistory}) serialises access.
 */
final class EventSteps {

  private final long[] first;
  private final long[] recent;
  private int firstCount;
  private int recentCount;
  private int recentNext;
  private long total;

  /** @param limit the number of event steps kept at most, even and at least 2 */
  EventSteps(int limit) {
    if (limit < 2 || limit % 2 != 0) {
      throw new IllegalArgumentException("limit must be even and at least 2, got " + limit);
    }
    first = new long[limit / 2];
    recent = new long[limit / 2];
  }

  void add(long step) {
    total++;
    if (firstCount < first.length) {
      first[firstCount++] = step;
      return;
    }
    recent[recentNext] = step;
    recentNext = (recentNext + 1) % recent.length;
    if (recentCount < recent.length) {
      recentCount++;
    }
  }

  /** Every event ever added. */
  long total() {
    return total;
  }

  /** The kept steps in the order they were added. */
  long[] steps() {
    long[] out = new long[firstCount + recentCount];
    System.arraycopy(first, 0, out, 0, firstCount);
    int oldest = recentCount < recent.length ? 0 : recentNext;
    for (int i = 0; i < recentCount; i++) {
      out[firstCount + i] = recent[(oldest + i) % recent.length];
    }
    return out;
  }
}
