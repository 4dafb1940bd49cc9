package dev.nfiwatch.demo.model;

/**
 * The size of the network.
 *
 * @param width the width of every hidden representation
 * @param depth how many hidden width × width layers follow the input layer
 * @param classes how many logits the classifier produces
 */
public record Shape(int width, int depth, int classes) {}
