package dev.nfiwatch.demo.linalg;

import dev.ludovic.netlib.blas.BLAS;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.Matrix;

/**
 * EJML's row-major products as BLAS {@code ?gemm} calls on the matrices' backing arrays. A
 * row-major {@code m × n} matrix is the column-major {@code n × m} transpose, so {@code C = op(A) ·
 * op(B)} is computed as the column-major {@code Cᵀ = op(B)ᵀ · op(A)ᵀ}: B's array goes first. The
 * output's shape must already be right (the network's buffers never change shape).
 */
final class BlasProducts {

  private BlasProducts() {}

  /** {@code c = a · b}, float. */
  static Product<FMatrixRMaj> floatMult(BLAS blas) {
    return (a, b, c) -> {
      check(a.numRows, b.numCols, a.numCols, b.numRows, c);
      blas.sgemm("N", "N", b.numCols, a.numRows, a.numCols, 1f, b.data, b.numCols, a.data,
          a.numCols, 0f, c.data, c.numCols);
    };
  }

  /** {@code c = c + a · bᵀ}, float. */
  static Product<FMatrixRMaj> floatMultAddTransB(BLAS blas) {
    return (a, b, c) -> {
      check(a.numRows, b.numRows, a.numCols, b.numCols, c);
      blas.sgemm("T", "N", b.numRows, a.numRows, a.numCols, 1f, b.data, b.numCols, a.data,
          a.numCols, 1f, c.data, c.numCols);
    };
  }

  /** {@code c = aᵀ · b}, float. */
  static Product<FMatrixRMaj> floatMultTransA(BLAS blas) {
    return (a, b, c) -> {
      check(a.numCols, b.numCols, a.numRows, b.numRows, c);
      blas.sgemm("N", "T", b.numCols, a.numCols, a.numRows, 1f, b.data, b.numCols, a.data,
          a.numCols, 0f, c.data, c.numCols);
    };
  }

  /** {@code c = a · b}, double. */
  static Product<DMatrixRMaj> doubleMult(BLAS blas) {
    return (a, b, c) -> {
      check(a.numRows, b.numCols, a.numCols, b.numRows, c);
      blas.dgemm("N", "N", b.numCols, a.numRows, a.numCols, 1.0, b.data, b.numCols, a.data,
          a.numCols, 0.0, c.data, c.numCols);
    };
  }

  /** {@code c = c + a · bᵀ}, double. */
  static Product<DMatrixRMaj> doubleMultAddTransB(BLAS blas) {
    return (a, b, c) -> {
      check(a.numRows, b.numRows, a.numCols, b.numCols, c);
      blas.dgemm("T", "N", b.numRows, a.numRows, a.numCols, 1.0, b.data, b.numCols, a.data,
          a.numCols, 1.0, c.data, c.numCols);
    };
  }

  /** {@code c = aᵀ · b}, double. */
  static Product<DMatrixRMaj> doubleMultTransA(BLAS blas) {
    return (a, b, c) -> {
      check(a.numCols, b.numCols, a.numRows, b.numRows, c);
      blas.dgemm("N", "T", b.numCols, a.numCols, a.numRows, 1.0, b.data, b.numCols, a.data,
          a.numCols, 0.0, c.data, c.numCols);
    };
  }

  /** Rejects inner dimensions that differ and an output that is not {@code rows × cols}. */
  private static void check(int rows, int cols, int innerA, int innerB, Matrix c) {
    if (innerA != innerB || c.getNumRows() != rows || c.getNumCols() != cols) {
      throw new IllegalArgumentException(
          "product shapes: inner " + innerA + " vs " + innerB + ", output " + c.getNumRows()
              + "×" + c.getNumCols() + " for " + rows + "×" + cols);
    }
  }
}
