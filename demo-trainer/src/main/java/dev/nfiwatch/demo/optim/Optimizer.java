package dev.nfiwatch.demo.optim;

/** Updates a network's parameters in place from their current gradients; one call per step. */
public interface Optimizer {

  /** Applies one update. */
  void step();
}
