package dev.nfiwatch.demo.model;

import org.ejml.data.Matrix;

/**
 * A trainable matrix and its gradient, which the backward pass overwrites every step.
 *
 * @param name a short name for reports ({@code classifier.weight}, …)
 * @param value the current value, updated in place by the optimizer
 * @param grad the gradient of the mean batch loss with respect to {@code value}
 * @param <M> the matrix type of the training precision
 */
public record Parameter<M extends Matrix>(String name, M value, M grad) {}
