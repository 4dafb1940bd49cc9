package dev.nfiwatch.demo.optim;

import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.model.Parameter;
import java.util.List;
import org.ejml.data.Matrix;

/** Builds the optimizer named by the settings. */
public final class Optimizers {

  private Optimizers() {}

  /** A new optimizer over {@code parameters} with zero state. */
  public static <M extends Matrix> Optimizer create(
      MatrixOps<M> ops, List<Parameter<M>> parameters, OptimizerSettings settings) {
    return switch (settings.kind()) {
      case ADAM -> new Adam<>(ops, parameters, settings, false);
      case ADAMW -> new Adam<>(ops, parameters, settings, true);
      case SGD -> new SgdMomentum<>(ops, parameters, settings);
    };
  }
}
