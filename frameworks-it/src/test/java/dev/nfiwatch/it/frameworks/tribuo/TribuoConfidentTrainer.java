package dev.nfiwatch.it.frameworks.tribuo;

import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.nfiwatch.it.frameworks.AbsorptionCount;
import dev.nfiwatch.it.frameworks.overhead.StepSwitch;
import java.util.Random;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.la.SGDVector;
import org.tribuo.math.optimisers.Adam;

/**
 * Tribuo's linear SGD classifier at a realistic size (100 features × 20 classes, Adam, mini-batch
 * 64) on widely scaled clusters, so that its logit gaps pass double precision's absorption
 * threshold within a few steps. Counts absorbed samples from the gradient Tribuo's objective
 * returns ({@link AbsorptionCount}), meters the agent's allocation on the training thread after a
 * warm-up ({@link StepSwitch#metering}), and prints both. Runs with the agent only. Arguments:
 * {@code epochs featureScale learningRate warmUpSteps} (100 steps per epoch).
 */
public final class TribuoConfidentTrainer {

  /** The library's own objective, counting what its gradient shows (calls the instrumented method). */
  static final class CountingLogMulticlass extends LogMulticlass {
    final AbsorptionCount count = new AbsorptionCount();

    @Override
    public Pair<Double, SGDVector> lossAndGradient(Integer truth, SGDVector prediction) {
      Pair<Double, SGDVector> result = super.lossAndGradient(truth, prediction);
      count.add(truth, result.getB().toArray());
      return result;
    }
  }

  private TribuoConfidentTrainer() {}

  public static void main(String[] args) {
    int epochs = Integer.parseInt(args[0]);
    double scale = Double.parseDouble(args[1]);
    double learningRate = Double.parseDouble(args[2]);
    StepSwitch meter = StepSwitch.metering(Long.parseLong(args[3]));
    CountingLogMulticlass objective = new CountingLogMulticlass();
    new LinearSGDTrainer(objective, new Adam(learningRate, 1e-8), epochs, -1, 64, 1L)
        .train(TribuoWorkload.clusters(6400, 100, 20, scale, new Random(4)));
    System.out.println("steps=" + 100 * epochs);
    objective.count.print();
    meter.printMetering();
  }
}
