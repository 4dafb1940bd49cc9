package dev.nfiwatch.it.trainer;

/**
 * Runs a short training, waits until the agent's metrics server is up (the URL is passed in),
 * scrapes it once, then reports whether anything has created the JUL LogManager yet (this class
 * itself never touches {@code java.util.logging}).
 */
public final class LogManagerWitness {

  private LogManagerWitness() {}

  public static void main(String[] args) throws Exception {
    SoftmaxRegressionTrainer.main(new String[] {"--steps", "20"});
    System.out.println("waiting for scrape");
    System.out.flush();
    while (System.in.read() >= 0) {
      // the test scrapes, then closes stdin
    }
    System.out.println("logmanager created by: " + LogManagerRecord.createdBy);
  }
}
