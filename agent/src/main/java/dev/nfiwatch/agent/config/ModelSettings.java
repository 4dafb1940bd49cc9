package dev.nfiwatch.agent.config;

/**
 * How a probe tells the models it sees apart ({@code models.*} keys): by the object that owns the
 * probed call, by the calling thread, or not at all; at most {@code max} models get a {@code model}
 * label of their own, named in first-seen order ({@code 0}, {@code 1}, …) or after the thread that
 * first trains them; the calls of further models share {@code model="other"}, so the label's values
 * stay bounded.
 */
public final class ModelSettings {

  /** What identifies a model ({@code models.by}). */
  public enum Owner {
    /** The object whose method was called (the calling thread for a static method). */
    OBJECT("object"),
    /** The calling thread. */
    THREAD("thread"),
    /** Nothing: one model per probe. */
    NONE("none");

    private final String label;

    Owner(String label) {
      this.label = label;
    }

    /** The value as written in the configuration. */
    public String label() {
      return label;
    }
  }

  private final Owner owner;
  private final int max;
  private final boolean threadNames;

  ModelSettings(Owner owner, int max, boolean threadNames) {
    this.owner = owner;
    this.max = max;
    this.threadNames = threadNames;
  }

  /** What identifies a model ({@code models.by}). */
  public Owner owner() {
    return owner;
  }

  /** Models told apart per probe ({@code models.max}). */
  public int max() {
    return max;
  }

  /** Whether a model is labelled with its first calling thread's name ({@code models.label=thread}). */
  public boolean threadNames() {
    return threadNames;
  }
}
