package dev.nfiwatch.agent.web;

/**
 * The logit gap above which a format starts absorbing: {@code ln(1/u)} nats for the format's unit
 * roundoff {@code u}, the line the live page draws on its gap chart.
 */
final class GapThreshold {

  private GapThreshold() {}

  /** @return the threshold in nats, or NaN for a format this agent does not know */
  static double nats(String dtype) {
    switch (dtype) {
      case "fp32":
        return 24 * Math.log(2);
      case "fp64":
        return 53 * Math.log(2);
      case "bf16":
        return 8 * Math.log(2);
      case "fp16":
        return 11 * Math.log(2);
      default:
        return Double.NaN;
    }
  }
}
