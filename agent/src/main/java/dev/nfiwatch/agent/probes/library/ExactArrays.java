package dev.nfiwatch.agent.probes.library;

/**
 * Arrays of exactly the length one step needs (the analysis reads the batch size from the labels'
 * length), kept for the last few batch sizes seen so that a run with a fixed mini-batch and an epoch
 * remainder allocates them only once.
 */
final class ExactArrays {

  private static final int SLOTS = 4;

  /** The arrays of one batch size and class count. */
  static final class Set {
    final int batch;
    final int classes;
    final boolean floats;
    final Object logits;
    final Object gradient;
    final int[] labels;
    private Object features = null;
    private Object weights = null;
    long lastUse;

    Set(int batch, int classes, boolean floats) {
      this.batch = batch;
      this.classes = classes;
      this.floats = floats;
      this.logits = array(batch * classes, floats);
      this.gradient = array(batch * classes, floats);
      this.labels = new int[batch];
    }

    /** The features array, {@code batch × width}. */
    Object features(int width) {
      if (features == null || length(features) != batch * width) {
        features = array(batch * width, floats);
      }
      return features;
    }

    /** The weights array of {@code length} entries. */
    Object weights(int length) {
      if (weights == null || length(weights) != length) {
        weights = array(length, floats);
      }
      return weights;
    }

    private static Object array(int length, boolean floats) {
      return floats ? new float[length] : new double[length];
    }

    private static int length(Object array) {
      return array instanceof float[] ? ((float[]) array).length : ((double[]) array).length;
    }
  }

  private final Set[] slots = new Set[SLOTS];
  private long uses;

  /** The arrays for one step, created on the first use of this shape (replacing the oldest). */
  Set forSize(int batch, int classes, boolean floats) {
    uses++;
    int oldest = 0;
    for (int i = 0; i < SLOTS; i++) {
      Set set = slots[i];
      if (set == null) {
        oldest = i;
        break;
      }
      if (set.batch == batch && set.classes == classes && set.floats == floats) {
        set.lastUse = uses;
        return set;
      }
      if (set.lastUse < slots[oldest].lastUse) {
        oldest = i;
      }
    }
    Set created = new Set(batch, classes, floats);
    created.lastUse = uses;
    slots[oldest] = created;
    return created;
  }
}
