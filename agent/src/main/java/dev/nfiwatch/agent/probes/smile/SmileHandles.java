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
  /** {@code smile.tensor.Vector32}, a dense vector over {@code float[]}. */
  final Class<?> vector32;
  /** {@code smile.tensor.Vector64}, a dense vector over {@code double[]}. */
  final Class<?> vector64;
  /**
   * Whether the dense vectors' fields below could be opened (not when Smile is a named module that
   * does not open {@code smile.tensor}); else they are null and vectors are read with {@link
   * #toArray}.
   */
  final boolean backedVectors;
  /** {@code Vector32.array}: {@code (Object) → float[]}. */
  final MethodHandle floatArray;
  /** {@code Vector32.offset}: {@code (Object) → int}. */
  final MethodHandle floatOffset;
  /** {@code Vector64.array}: {@code (Object) → double[]}. */
  final MethodHandle doubleArray;
  /** {@code Vector64.offset}: {@code (Object) → int}. */
  final MethodHandle doubleOffset;

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
    vector32 = handles.type(VECTOR + "32");
    vector64 = handles.type(VECTOR + "64");
    MethodHandle[] fields = vectorFields(handles);
    backedVectors = fields != null;
    floatArray = backedVectors ? fields[0] : null;
    floatOffset = backedVectors ? fields[1] : null;
    doubleArray = backedVectors ? fields[2] : null;
    doubleOffset = backedVectors ? fields[3] : null;
  }

  /** {@code Vector32.array, .offset, Vector64.array, .offset}, or null if they cannot be opened. */
  private static MethodHandle[] vectorFields(Handles handles) {
    try {
      return new MethodHandle[] {
        handles.field(VECTOR + "32", "array"),
        handles.field(VECTOR + "32", "offset"),
        handles.field(VECTOR + "64", "array"),
        handles.field(VECTOR + "64", "offset")
      };
    } catch (ReflectiveOperationException | RuntimeException e) { // e.g. InaccessibleObjectException
      return null;
    }
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
