package dev.nfiwatch.agent.analysis;

/** The sign convention of the observed gradient on the logits. */
public enum GradientSign {
  /** {@code softmax − onehot}: the derivative of the loss (the usual convention). */
  P_MINUS_Y(1.0),
  /** {@code onehot − softmax}: the descent direction. */
  Y_MINUS_P(-1.0);

  private final double factor;

  GradientSign(double factor) {
    this.factor = factor;
  }

  /** The factor that turns the observed gradient into the {@code p − y} convention. */
  public double factor() {
    return factor;
  }
}
