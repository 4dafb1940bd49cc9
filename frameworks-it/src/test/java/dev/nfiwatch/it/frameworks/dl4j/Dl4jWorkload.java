package dev.nfiwatch.it.frameworks.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A Deeplearning4j multilayer perceptron of realistic size (float32, ReLU hidden layers, softmax
 * cross-entropy, Adam 1e-3) trained on synthetic data through {@code fit(DataSet)}: the framework
 * overhead harness's DL4J workload. Arguments: {@code sizes batch}, e.g. {@code 784,256,10 128}
 * (input, hidden…, classes).
 */
public final class Dl4jWorkload {

  private static final int BATCHES = 16;

  private Dl4jWorkload() {}

  /** Trains {@code steps} mini-batches (one DL4J iteration each), cycling over 16 batches. */
  public static void train(long steps, String[] args) {
    int[] sizes = sizes(args[0]);
    int batch = Integer.parseInt(args[1]);
    MultiLayerNetwork net = network(sizes, new LossMCXENT());
    List<DataSet> batches = randomBatches(sizes, batch, new Random(1));
    for (long s = 0; s < steps; s++) {
      net.fit(batches.get((int) (s % BATCHES)));
    }
  }

  static int[] sizes(String list) {
    String[] parts = list.split(",");
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      sizes[i] = Integer.parseInt(parts[i]);
    }
    return sizes;
  }

  /** The network {@code sizes[0] → … → sizes[last]} with {@code loss} on its softmax output. */
  static MultiLayerNetwork network(int[] sizes, ILossFunction loss) {
    NeuralNetConfiguration.ListBuilder layers =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .dataType(DataType.FLOAT)
            .updater(new Adam(1e-3))
            .weightInit(WeightInit.XAVIER)
            .list();
    for (int i = 0; i + 2 < sizes.length; i++) {
      layers.layer(
          new DenseLayer.Builder().nIn(sizes[i]).nOut(sizes[i + 1]).activation(Activation.RELU).build());
    }
    int last = sizes.length - 1;
    layers.layer(
        new OutputLayer.Builder(loss)
            .nIn(sizes[last - 1])
            .nOut(sizes[last])
            .activation(Activation.SOFTMAX)
            .build());
    MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
    net.init();
    return net;
  }

  /** Gaussian features and uniformly random one-hot labels. */
  static List<DataSet> randomBatches(int[] sizes, int batch, Random random) {
    List<DataSet> batches = new ArrayList<>();
    int classes = sizes[sizes.length - 1];
    for (int b = 0; b < BATCHES; b++) {
      float[][] x = new float[batch][sizes[0]];
      float[][] y = new float[batch][classes];
      for (int i = 0; i < batch; i++) {
        for (int f = 0; f < sizes[0]; f++) {
          x[i][f] = (float) random.nextGaussian();
        }
        y[i][random.nextInt(classes)] = 1;
      }
      INDArray features = Nd4j.create(x);
      batches.add(new DataSet(features, Nd4j.create(y)));
    }
    return batches;
  }
}
