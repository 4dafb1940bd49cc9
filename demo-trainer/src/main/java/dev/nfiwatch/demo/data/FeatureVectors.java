package dev.nfiwatch.demo.data;

/**
 * Examples whose input is a real vector.
 *
 * @param features row-major, {@code size × dimensions}
 * @param dimensions the length of each vector
 * @param labels the class of every example
 */
public record FeatureVectors(double[] features, int dimensions, int[] labels) implements Examples {}
