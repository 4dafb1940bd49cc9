package dev.nfiwatch.demo.model;

import dev.nfiwatch.demo.data.Examples;
import dev.nfiwatch.demo.data.TokenPairs;
import dev.nfiwatch.demo.linalg.MatrixOps;
import dev.nfiwatch.demo.linalg.RowGroups;
import java.util.List;
import org.ejml.data.Matrix;

/** Two learned embedding tables, one per operand, whose rows are summed: {@code E₁[a] + E₂[b]}. */
public final class SummedEmbeddings<M extends Matrix> implements InputLayer<M> {

  private final MatrixOps<M> ops;
  private final Parameter<M> first;
  private final Parameter<M> second;
  private final int[] firstTokens;
  private final int[] secondTokens;
  private final RowGroups firstGroups;
  private final RowGroups secondGroups;

  /** Standard normal tables of {@code vocabulary × width}, first operand's table first. */
  public SummedEmbeddings(MatrixOps<M> ops, int vocabulary, int width, int batch, Initializer init) {
    this.ops = ops;
    this.first = init.normal("embedding.first", ops, vocabulary, width);
    this.second = init.normal("embedding.second", ops, vocabulary, width);
    this.firstTokens = new int[batch];
    this.secondTokens = new int[batch];
    this.firstGroups = new RowGroups(vocabulary, batch);
    this.secondGroups = new RowGroups(vocabulary, batch);
  }

  @Override
  public void forward(Examples examples, int[] rows, M out) {
    TokenPairs pairs = (TokenPairs) examples;
    for (int i = 0; i < rows.length; i++) {
      firstTokens[i] = pairs.first()[rows[i]];
      secondTokens[i] = pairs.second()[rows[i]];
    }
    ops.gatherSum(first.value(), firstTokens, second.value(), secondTokens, out);
    firstGroups.group(firstTokens);
    secondGroups.group(secondTokens);
  }

  @Override
  public void backward(M gradOut) {
    ops.scatterAdd(gradOut, firstGroups, first.grad());
    ops.scatterAdd(gradOut, secondGroups, second.grad());
  }

  @Override
  public List<Parameter<M>> parameters() {
    return List.of(first, second);
  }
}
