package dev.nfiwatch.demo.model;

import dev.nfiwatch.demo.data.Examples;
import java.util.List;
import org.ejml.data.Matrix;

/**
 * The first layer: turns a batch of examples into the pre-activation of the first hidden
 * representation (batch × width). It remembers the batch it last read for {@link #backward}.
 */
public interface InputLayer<M extends Matrix> {

  /** Reads examples {@code rows} of {@code examples} and writes the pre-activation into {@code out}. */
  void forward(Examples examples, int[] rows, M out);

  /** Writes the parameter gradients given the gradient of the pre-activation of the last forward. */
  void backward(M gradOut);

  /** The layer's trainable parameters. */
  List<Parameter<M>> parameters();
}
