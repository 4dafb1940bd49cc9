package dev.nfiwatch.demo.data;

/**
 * A classification task split into training and test examples.
 *
 * @param train the examples the model is trained on
 * @param test the held-out examples, used only to report test accuracy
 * @param classes how many classes (logits) the model must produce
 */
public record Task(Examples train, Examples test, int classes) {}
