package dev.nfiwatch.agent.probes.smile;

import dev.nfiwatch.agent.probes.library.Handles;
import java.lang.invoke.MethodHandle;

/** What the Smile probe reads, as method handles onto one class loader's Smile classes. */
final class SmileHandles {

  private static final String VECTOR = "smile.tensor.Vector";
  private static final String MATRIX = "smile.tensor.Matrix";
  private static final String LAYER = "smile.model.mlp.Layer";

  final ClassLoader loader;
  /** {@code Vector.size()}: {@code (Object) → int}. */
  final MethodHandle size;
  /**
   * {@code Vector.toArray(double[])}: {@code (Object, double[]) → double[]}, copies the vector into
   * the given array when it is long enough (no allocation).
   */
  final MethodHandle toArray;
  /** {@code Tensor.scalarType()}: {@code (Object) → Object} (an enum constant). */
  final MethodHandle scalarType;
  /** {@code Matrix.nrow()}: {@code (Object) → int}. */
  final MethodHandle rows;
  /** {@code Matrix.ncol()}: {@code (Object) → int}. */
  final MethodHandle columns;
  /** {@code Matrix.get(int, int)}: {@code (Object, int, int) → double}. */
  final MethodHandle element;
  /** {@code smile.tensor.DenseMatrix32}, a column-major {@code float[]} matrix. */
  final Class<?> dense32;
  /** {@code DenseMatrix32.data}: {@code (Object) → float[]}. */
  final MethodHandle floatData;
  /** {@code smile.tensor.DenseMatrix64}, a column-major {@code double[]} matrix. */
  final Class<?> dense64;
  /** {@code DenseMatrix64.data}: {@code (Object) → double[]}. */
  final MethodHandle doubleData;
  /** {@code DenseMatrix.ld()}, the leading dimension: element {@code (i, j)} at {@code j·ld + i}. */
  final MethodHandle leading;
  /** {@code Layer.output()}: {@code (Object) → Object}. */
  final MethodHandle output;
  /** {@code Layer.gradient()}: {@code (Object) → Object}. */
  final MethodHandle gradient;
  /** {@code Layer.weight()}: {@code (Object) → Object}. */
  final MethodHandle weight;
  /** {@code OutputLayer.cost()}: {@code (Object) → Object} (an enum constant). */
  final MethodHandle cost;

  private SmileHandles(Handles handles) throws ReflectiveOperationException {
    loader = handles.loader();
    size = handles.method(VECTOR, "size", int.class);
    toArray = handles.method(VECTOR, "toArray", double[].class, double[].class);
    scalarType = handles.method("smile.tensor.Tensor", "scalarType", "smile.tensor.ScalarType");
    rows = handles.method(MATRIX, "nrow", int.class);
    columns = handles.method(MATRIX, "ncol", int.class);
    element = handles.method(MATRIX, "get", double.class, int.class, int.class);
    dense32 = handles.type("smile.tensor.DenseMatrix32");
    floatData = handles.field("smile.tensor.DenseMatrix32", "data");
    dense64 = handles.type("smile.tensor.DenseMatrix64");
    doubleData = handles.field("smile.tensor.DenseMatrix64", "data");
    leading = handles.method("smile.tensor.DenseMatrix", "ld", int.class);
    output = handles.method(LAYER, "output", VECTOR);
    gradient = handles.method(LAYER, "gradient", VECTOR);
    weight = handles.method(LAYER, "weight", "smile.tensor.DenseMatrix");
    cost = handles.method("smile.model.mlp.OutputLayer", "cost", "smile.model.mlp.Cost");
  }

  /** The handles for {@code loader}, reusing {@code current} when it is that loader's. */
  static SmileHandles of(SmileHandles current, ClassLoader loader)
      throws ReflectiveOperationException {
    if (current != null && current.loader == loader) {
      return current;
    }
    return new SmileHandles(new Handles(loader));
  }
}
