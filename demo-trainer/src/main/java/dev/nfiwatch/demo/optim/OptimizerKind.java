package dev.nfiwatch.demo.optim;

/** The optimizers the demo trainer offers, by their command-line names. */
public enum OptimizerKind {
  /** Adam; a weight decay is added to the gradient (L2), as in PyTorch's Adam. */
  ADAM,
  /** Adam with decoupled weight decay. */
  ADAMW,
  /** Stochastic gradient descent with momentum; a weight decay is added to the gradient. */
  SGD
}
