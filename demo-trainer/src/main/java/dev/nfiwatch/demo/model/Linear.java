package dev.nfiwatch.demo.model;

import dev.nfiwatch.demo.linalg.MatrixOps;
import java.util.List;
import org.ejml.data.Matrix;

/**
 * A fully connected layer {@code y = x · Wᵀ + b} with {@code W} stored out × in (row-major), the
 * layout the agent expects for the classifier.
 */
public final class Linear<M extends Matrix> {

  private final MatrixOps<M> ops;
  private final Parameter<M> weight;
  private final Parameter<M> bias;

  /** A new layer initialised uniformly in {@code ±1/√in}, weights first, then bias. */
  public Linear(String name, MatrixOps<M> ops, int in, int out, Initializer init) {
    this.ops = ops;
    this.weight = init.uniform(name + ".weight", ops, out, in, in);
    this.bias = init.uniform(name + ".bias", ops, 1, out, in);
  }

  /** {@code output = input · Wᵀ + b}: the bias copied into each row, the product added to it. */
  public void forward(M input, M output) {
    ops.fillRows(output, bias.value());
    ops.multAddTransB(input, weight.value(), output);
  }

  /**
   * Writes the weight and bias gradients and, when {@code gradInput} is not null, the gradient with
   * respect to the input.
   */
  public void backward(M gradOutput, M input, M gradInput) {
    ops.multTransA(gradOutput, input, weight.grad());
    ops.sumColumns(gradOutput, bias.grad());
    if (gradInput != null) {
      ops.mult(gradOutput, weight.value(), gradInput);
    }
  }

  /** The weight matrix, out × in. */
  public Parameter<M> weight() {
    return weight;
  }

  /** Weight then bias. */
  public List<Parameter<M>> parameters() {
    return List.of(weight, bias);
  }
}
