package dev.nfiwatch.agent.probes.dl4j;

import dev.nfiwatch.agent.probes.library.Handles;
import java.lang.invoke.MethodHandle;

/** What the Deeplearning4j probe reads, as method handles onto one class loader's ND4J and DL4J. */
final class Nd4jHandles {

  private static final String ARRAY = "org.nd4j.linalg.api.ndarray.INDArray";
  private static final String LAYER = "org.deeplearning4j.nn.layers.AbstractLayer";

  final ClassLoader loader;
  /** {@code INDArray.rank()}: {@code (Object) → int}. */
  final MethodHandle rank;
  /** {@code INDArray.rows()}: {@code (Object) → int}. */
  final MethodHandle rows;
  /** {@code INDArray.columns()}: {@code (Object) → int}. */
  final MethodHandle columns;
  /** {@code INDArray.stride(int)}: {@code (Object, int) → int}. */
  final MethodHandle stride;
  /** {@code INDArray.data()}: {@code (Object) → Object}, the array's buffer. */
  final MethodHandle data;
  /** {@code DataBuffer.getDouble(long)}: {@code (Object, long) → double}, widening any float type. */
  final MethodHandle get;
  /** {@code DataBuffer.indexer()}: {@code (Object) → Object}, the buffer's JavaCPP indexer. */
  final MethodHandle indexer;
  /** {@code org.bytedeco.javacpp.indexer.FloatIndexer}. */
  final Class<?> floatIndexer;
  /**
   * {@code FloatIndexer.get(long index, float[] out, int offset, int length)}: {@code (Object, long,
   * float[], int, int) → Object}, copies {@code length} elements from {@code index} on.
   */
  final MethodHandle floatBulk;
  /** {@code org.bytedeco.javacpp.indexer.DoubleIndexer}. */
  final Class<?> doubleIndexer;
  /** {@code DoubleIndexer.get(long, double[], int, int)}, as {@link #floatBulk}. */
  final MethodHandle doubleBulk;
  /** {@code INDArray.dataType()}: {@code (Object) → Object} (an enum constant). */
  final MethodHandle dataType;
  /** {@code AbstractLayer.getParam(String)}: {@code (Object, String) → Object}. */
  final MethodHandle param;
  /** {@code AbstractLayer.getInput()}: {@code (Object) → Object}. */
  final MethodHandle input;
  /** {@code org.nd4j.linalg.activations.impl.ActivationSoftmax}. */
  final Class<?> softmax;

  private Nd4jHandles(Handles handles) throws ReflectiveOperationException {
    loader = handles.loader();
    rank = handles.method(ARRAY, "rank", int.class);
    rows = handles.method(ARRAY, "rows", int.class);
    columns = handles.method(ARRAY, "columns", int.class);
    stride = handles.method(ARRAY, "stride", int.class, int.class);
    data = handles.method(ARRAY, "data", "org.nd4j.linalg.api.buffer.DataBuffer");
    get = handles.method("org.nd4j.linalg.api.buffer.DataBuffer", "getDouble", double.class, long.class);
    String indexers = "org.bytedeco.javacpp.indexer.";
    indexer = handles.method("org.nd4j.linalg.api.buffer.DataBuffer", "indexer", indexers + "Indexer");
    floatIndexer = handles.type(indexers + "FloatIndexer");
    floatBulk =
        handles.method(indexers + "FloatIndexer", "get", floatIndexer, long.class, float[].class,
            int.class, int.class);
    doubleIndexer = handles.type(indexers + "DoubleIndexer");
    doubleBulk =
        handles.method(indexers + "DoubleIndexer", "get", doubleIndexer, long.class, double[].class,
            int.class, int.class);
    dataType = handles.method(ARRAY, "dataType", "org.nd4j.linalg.api.buffer.DataType");
    param = handles.method(LAYER, "getParam", ARRAY, String.class);
    input = handles.method(LAYER, "getInput", ARRAY);
    softmax = handles.type("org.nd4j.linalg.activations.impl.ActivationSoftmax");
  }

  /** The handles for {@code loader}, reusing {@code current} when it is that loader's. */
  static Nd4jHandles of(Nd4jHandles current, ClassLoader loader) throws ReflectiveOperationException {
    if (current != null && current.loader == loader) {
      return current;
    }
    return new Nd4jHandles(new Handles(loader));
  }
}
