package dev.nfiwatch.it.frameworks.dl4j;

import dev.nfiwatch.it.frameworks.LastStep;
import dev.nfiwatch.it.frameworks.TrainerOutput;
import dev.nfiwatch.it.frameworks.TrainingClock;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Trains a small Deeplearning4j multilayer perceptron (float32, softmax cross-entropy, Adam, fixed
 * mini-batches through {@code fit(DataSet)}) on separable Gaussian clusters until its logit gaps
 * pass float32's absorption threshold, and prints DL4J's own iteration count, the batch sizes the
 * loss saw, the output layer's mean-row norm ‖w̄‖ at the start and the end, and a checksum of all
 * parameters.
 *
 * <p>Arguments: {@code examples epochs minibatch learningRate lastStepFile|-}.
 */
public final class Dl4jTrainer {

  static final int CLASSES = 10;
  static final int FEATURES = 16;
  static final int HIDDEN = 32;

  /** DL4J's own softmax cross-entropy, recording what it computes (calls the instrumented method). */
  public static final class RecordingMcxent extends LossMCXENT {
    private static final long serialVersionUID = 1L;
    static LastStep lastStep;
    static final Map<Long, Long> batchSizes = new TreeMap<>();

    @Override
    public INDArray computeGradient(
        INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
      batchSizes.merge(preOutput.size(0), 1L, Long::sum);
      if (lastStep == null) {
        return super.computeGradient(labels, preOutput, activation, mask);
      }
      float[][] logits = preOutput.toFloatMatrix();
      float[][] onehot = labels.toFloatMatrix();
      INDArray gradient = super.computeGradient(labels, preOutput, activation, mask);
      float[][] g = gradient.toFloatMatrix();
      for (int i = 0; i < logits.length; i++) {
        int label = 0;
        for (int k = 1; k < CLASSES; k++) {
          label = onehot[i][k] > onehot[i][label] ? k : label;
        }
        lastStep.add(label, logits[i], g[i]);
      }
      return gradient;
    }
  }

  private Dl4jTrainer() {}

  public static void main(String[] args) throws Exception {
    int examples = Integer.parseInt(args[0]);
    int epochs = Integer.parseInt(args[1]);
    int minibatch = Integer.parseInt(args[2]);
    double learningRate = Double.parseDouble(args[3]);

    Random random = new Random(11);
    float[][] x = new float[examples][FEATURES];
    float[][] y = new float[examples][CLASSES];
    for (int i = 0; i < examples; i++) {
      int c = i % CLASSES;
      for (int f = 0; f < FEATURES; f++) {
        x[i][f] = (float) ((f == c ? 4.0 : 0.0) + random.nextGaussian());
      }
      y[i][c] = 1;
    }
    INDArray features = Nd4j.create(x);
    INDArray labels = Nd4j.create(y);

    int remainder = examples % minibatch;
    RecordingMcxent.lastStep = LastStep.forFile(args[4], remainder == 0 ? minibatch : remainder);
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .dataType(DataType.FLOAT)
            .updater(new Adam(learningRate))
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(
                new DenseLayer.Builder()
                    .nIn(FEATURES)
                    .nOut(HIDDEN)
                    .activation(Activation.RELU)
                    .build())
            .layer(
                new OutputLayer.Builder(new RecordingMcxent())
                    .nIn(HIDDEN)
                    .nOut(CLASSES)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    double meanRowNormStart = meanRowNorm(net);
    TrainingClock clock = new TrainingClock();
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int start = 0; start < examples; start += minibatch) {
        int end = Math.min(examples, start + minibatch);
        INDArray batchX = features.get(
            org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end),
            org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray batchY = labels.get(
            org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end),
            org.nd4j.linalg.indexing.NDArrayIndex.all());
        net.fit(new DataSet(batchX.dup(), batchY.dup()));
      }
    }
    clock.print();
    TrainerOutput output = new TrainerOutput();
    for (float value : net.params().toFloatVector()) {
      output.addParameter(value);
    }
    StringBuilder sizes = new StringBuilder();
    for (Map.Entry<Long, Long> entry : RecordingMcxent.batchSizes.entrySet()) {
      sizes.insert(0, entry.getKey() + "x" + entry.getValue() + (sizes.length() == 0 ? "" : ","));
    }
    if (RecordingMcxent.lastStep != null) {
      RecordingMcxent.lastStep.write(Path.of(args[4]));
    }
    System.out.println(String.format(Locale.ROOT, "meanRowNormStart=%.6g", meanRowNormStart));
    System.out.println(String.format(Locale.ROOT, "meanRowNormEnd=%.6g", meanRowNorm(net)));
    long samples = 0;
    for (Map.Entry<Long, Long> entry : RecordingMcxent.batchSizes.entrySet()) {
      samples += entry.getKey() * entry.getValue();
    }
    output.print(net.getIterationCount(), samples, sizes.toString());
  }

  /** ‖w̄‖ of the output layer: the norm of the mean over classes of W's columns (W is nIn × nOut). */
  private static double meanRowNorm(MultiLayerNetwork net) {
    float[][] w = net.getOutputLayer().getParam("W").toFloatMatrix();
    double norm = 0;
    for (float[] row : w) {
      double mean = 0;
      for (float v : row) {
        mean += v;
      }
      mean /= row.length;
      norm += mean * mean;
    }
    return Math.sqrt(norm);
  }
}
