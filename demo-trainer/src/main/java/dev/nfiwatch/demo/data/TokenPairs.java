package dev.nfiwatch.demo.data;

/**
 * Examples whose input is a pair of tokens {@code (a, b)}, each in {@code [0, vocabulary)}.
 *
 * @param first the first operand of every example
 * @param second the second operand of every example
 * @param labels the class of every example
 * @param vocabulary how many distinct tokens each operand can take
 */
public record TokenPairs(int[] first, int[] second, int[] labels, int vocabulary)
    implements Examples {}
