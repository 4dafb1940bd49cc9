package dev.nfiwatch.demo.model;

import dev.nfiwatch.demo.data.FeatureVectors;
import dev.nfiwatch.demo.data.Task;
import dev.nfiwatch.demo.data.TokenPairs;
import dev.nfiwatch.demo.linalg.MatrixOps;
import org.ejml.data.Matrix;

/** Builds the network that fits a task: summed embeddings for token pairs, linear for vectors. */
public final class Networks {

  private Networks() {}

  /** A freshly initialised network for {@code task} with a fixed batch size. */
  public static <M extends Matrix> Network<M> forTask(
      MatrixOps<M> ops, Task task, int width, int depth, int batch, long seed, String format) {
    Initializer init = new Initializer(seed);
    InputLayer<M> input;
    if (task.train() instanceof TokenPairs pairs) {
      input = new SummedEmbeddings<>(ops, pairs.vocabulary(), width, batch, init);
    } else {
      FeatureVectors vectors = (FeatureVectors) task.train();
      input = new VectorInput<>(ops, vectors.dimensions(), width, batch, init);
    }
    return new Network<>(ops, input, new Shape(width, depth, task.classes()), batch, init, format);
  }
}
