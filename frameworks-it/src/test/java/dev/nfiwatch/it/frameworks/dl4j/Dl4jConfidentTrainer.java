package dev.nfiwatch.it.frameworks.dl4j;

import dev.nfiwatch.it.frameworks.AbsorptionCount;
import dev.nfiwatch.it.frameworks.overhead.StepSwitch;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A realistic-size Deeplearning4j MLP (float32) made confident at once: the output layer's weights
 * are scaled and each example's label is the class the scaled network already predicts, so many
 * logit gaps pass float32's absorption threshold from the first step. Counts absorbed samples from
 * the gradient DL4J's loss returns ({@link AbsorptionCount}), meters the agent's allocation on the
 * training thread after a warm-up ({@link StepSwitch#metering}), and prints both. Runs with the
 * agent only. Arguments: {@code sizes batch steps weightScale warmUpSteps}.
 */
public final class Dl4jConfidentTrainer {

  /** DL4J's softmax cross-entropy, counting what its gradient shows (calls the instrumented method). */
  public static final class CountingMcxent extends LossMCXENT {
    private static final long serialVersionUID = 1L;
    static final AbsorptionCount COUNT = new AbsorptionCount();

    @Override
    public INDArray computeGradient(
        INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
      INDArray gradient = super.computeGradient(labels, preOutput, activation, mask);
      float[][] g = gradient.toFloatMatrix();
      float[][] y = labels.toFloatMatrix();
      for (int i = 0; i < g.length; i++) {
        int label = 0;
        for (int k = 1; k < y[i].length; k++) {
          label = y[i][k] > y[i][label] ? k : label;
        }
        COUNT.add(label, g[i]);
      }
      return gradient;
    }
  }

  private Dl4jConfidentTrainer() {}

  public static void main(String[] args) {
    int[] sizes = Dl4jWorkload.sizes(args[0]);
    int batch = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    float scale = Float.parseFloat(args[3]);
    StepSwitch meter = StepSwitch.metering(Long.parseLong(args[4]));
    MultiLayerNetwork net = Dl4jWorkload.network(sizes, new CountingMcxent());
    net.getOutputLayer().getParam("W").muli(scale);
    List<DataSet> batches = Dl4jWorkload.randomBatches(sizes, batch, new Random(2));
    for (DataSet data : batches) {
      INDArray predicted = net.output(data.getFeatures()).argMax(1);
      INDArray labels = Nd4j.zeros(data.getLabels().dataType(), batch, sizes[sizes.length - 1]);
      for (int i = 0; i < batch; i++) {
        labels.putScalar(i, predicted.getInt(i), 1);
      }
      data.setLabels(labels);
    }
    for (int s = 0; s < steps; s++) {
      net.fit(batches.get(s % batches.size()));
    }
    System.out.println("steps=" + net.getIterationCount());
    CountingMcxent.COUNT.print();
    meter.printMetering();
  }
}
