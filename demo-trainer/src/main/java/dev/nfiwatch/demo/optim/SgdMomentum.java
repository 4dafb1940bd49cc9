package dev.nfiwatch.demo.optim;

import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.model.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.Matrix;

/** SGD with momentum (PyTorch's form, no dampening): {@code b ← μ·b + g; p ← p − lr·b}. */
public final class SgdMomentum<M extends Matrix> implements Optimizer {

  private final MatrixOps<M> ops;
  private final List<Parameter<M>> parameters;
  private final List<M> buffers = new ArrayList<>();
  private final OptimizerSettings settings;

  /** A new optimizer with zero momentum buffers. */
  public SgdMomentum(MatrixOps<M> ops, List<Parameter<M>> parameters, OptimizerSettings settings) {
    this.ops = ops;
    this.parameters = parameters;
    this.settings = settings;
    for (Parameter<M> p : parameters) {
      buffers.add(ops.zeros(p.value().getNumRows(), p.value().getNumCols()));
    }
  }

  @Override
  public void step() {
    for (int i = 0; i < parameters.size(); i++) {
      Parameter<M> p = parameters.get(i);
      if (settings.weightDecay() != 0.0) {
        ops.addScaled(p.grad(), p.value(), settings.weightDecay());
      }
      ops.sgdMomentum(p.value(), p.grad(), buffers.get(i), settings.momentum(), settings.lr());
    }
  }
}
