package dev.nfiwatch.demo.linalg;

/**
 * A matrix product {@code c = op(a) · op(b)} writing into {@code c}: an EJML kernel or a BLAS call,
 * chosen once.
 */
@FunctionalInterface
interface Product<M> {

  void apply(M a, M b, M c);
}
