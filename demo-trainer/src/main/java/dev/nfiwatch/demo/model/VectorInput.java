package dev.nfiwatch.demo.model;

import dev.nfiwatch.demo.data.Examples;
import dev.nfiwatch.demo.data.FeatureVectors;
import dev.nfiwatch.demo.linalg.MatrixOps;
import java.util.List;
import org.ejml.data.Matrix;

/** A linear layer over real input vectors (the Gaussian-clusters task). */
public final class VectorInput<M extends Matrix> implements InputLayer<M> {

  private final MatrixOps<M> ops;
  private final Linear<M> linear;
  private final M inputs;

  /** A {@code dimensions → width} linear layer reading batches of {@code batch} vectors. */
  public VectorInput(MatrixOps<M> ops, int dimensions, int width, int batch, Initializer init) {
    this.ops = ops;
    this.linear = new Linear<>("input", ops, dimensions, width, init);
    this.inputs = ops.zeros(batch, dimensions);
  }

  @Override
  public void forward(Examples examples, int[] rows, M out) {
    ops.gatherRows(((FeatureVectors) examples).features(), rows, inputs);
    linear.forward(inputs, out);
  }

  @Override
  public void backward(M gradOut) {
    linear.backward(gradOut, inputs, null);
  }

  @Override
  public List<Parameter<M>> parameters() {
    return linear.parameters();
  }
}
