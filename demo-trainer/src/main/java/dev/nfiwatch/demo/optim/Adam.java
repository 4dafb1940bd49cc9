package dev.nfiwatch.demo.optim;

import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.model.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.Matrix;

/**
 * Adam and AdamW in the training precision, following PyTorch's update: {@code p ← p·(1 − lr·λ) −
 * (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)}. Moments are kept in the parameters' precision.
 */
public final class Adam<M extends Matrix> implements Optimizer {

  private final MatrixOps<M> ops;
  private final List<Parameter<M>> parameters;
  private final List<M> firstMoments = new ArrayList<>();
  private final List<M> secondMoments = new ArrayList<>();
  private final OptimizerSettings settings;
  private final boolean decoupled;
  private long t;

  /**
   * @param decoupled AdamW's decoupled weight decay when true, L2 added to the gradient otherwise
   */
  public Adam(
      MatrixOps<M> ops,
      List<Parameter<M>> parameters,
      OptimizerSettings settings,
      boolean decoupled) {
    this.ops = ops;
    this.parameters = parameters;
    this.settings = settings;
    this.decoupled = decoupled;
    for (Parameter<M> p : parameters) {
      firstMoments.add(ops.zeros(p.value().getNumRows(), p.value().getNumCols()));
      secondMoments.add(ops.zeros(p.value().getNumRows(), p.value().getNumCols()));
    }
  }

  @Override
  public void step() {
    t++;
    double stepSize = settings.lr() / (1.0 - Math.pow(settings.beta1(), t));
    double biasCorrection2Sqrt = Math.sqrt(1.0 - Math.pow(settings.beta2(), t));
    double decay = decoupled ? 1.0 - settings.lr() * settings.weightDecay() : 1.0;
    for (int i = 0; i < parameters.size(); i++) {
      Parameter<M> p = parameters.get(i);
      if (!decoupled && settings.weightDecay() != 0.0) {
        ops.addScaled(p.grad(), p.value(), settings.weightDecay());
      }
      ops.adam(
          p.value(),
          p.grad(),
          firstMoments.get(i),
          secondMoments.get(i),
          settings.beta1(),
          settings.beta2(),
          settings.eps(),
          stepSize,
          biasCorrection2Sqrt,
          decay);
    }
  }
}
