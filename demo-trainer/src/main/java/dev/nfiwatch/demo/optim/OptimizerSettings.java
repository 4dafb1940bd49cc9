package dev.nfiwatch.demo.optim;

/**
 * Everything that configures an optimizer.
 *
 * @param kind which optimizer
 * @param lr the learning rate
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param eps Adam's denominator epsilon
 * @param weightDecay λ (L2 for Adam and SGD, decoupled for AdamW)
 * @param momentum SGD's momentum μ
 */
public record OptimizerSettings(
    OptimizerKind kind,
    double lr,
    double beta1,
    double beta2,
    double eps,
    double weightDecay,
    double momentum) {}
