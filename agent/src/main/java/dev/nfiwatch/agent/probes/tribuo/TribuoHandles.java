package dev.nfiwatch.agent.probes.tribuo;

import dev.nfiwatch.agent.probes.library.Handles;
import java.lang.invoke.MethodHandle;

/** What the Tribuo probe reads, as method handles onto one class loader's Tribuo classes. */
final class TribuoHandles {

  final ClassLoader loader;
  /** {@code org.tribuo.math.la.DenseVector}: logits, gradients and dense features. */
  final Class<?> denseVector;
  /** {@code DenseVector.elements}: {@code (Object) → double[]}. */
  final MethodHandle vectorElements;
  /** {@code LinearParameters.getWeightMatrix()}: {@code (Object) → Object}. */
  final MethodHandle weightMatrix;
  /** {@code DenseMatrix.values}, one array per class: {@code (Object) → double[][]}. */
  final MethodHandle matrixRows;

  private TribuoHandles(Handles handles) throws ReflectiveOperationException {
    loader = handles.loader();
    denseVector = handles.type("org.tribuo.math.la.DenseVector");
    vectorElements = handles.field("org.tribuo.math.la.DenseVector", "elements");
    weightMatrix =
        handles.method(
            "org.tribuo.math.LinearParameters", "getWeightMatrix", "org.tribuo.math.la.DenseMatrix");
    matrixRows = handles.field("org.tribuo.math.la.DenseMatrix", "values");
  }

  /** The handles for {@code loader}'s Tribuo, reusing {@code current} when it is that loader's. */
  static TribuoHandles of(TribuoHandles current, ClassLoader loader)
      throws ReflectiveOperationException {
    if (current != null && current.loader == loader) {
      return current;
    }
    return new TribuoHandles(new Handles(loader));
  }
}
