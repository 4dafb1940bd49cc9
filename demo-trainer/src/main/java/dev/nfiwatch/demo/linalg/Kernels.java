package dev.nfiwatch.demo.linalg;

/**
 * Which code runs the matrix products, chosen on the command line ({@code --kernels}). The products
 * sum in a different order in each, so the checksum of a run is only comparable within one choice.
 */
public enum Kernels {
  /** netlib's JNI path to the system BLAS when it loads, else netlib's Java kernels. */
  AUTO,
  /** netlib's JNI path to the system BLAS ({@code libblas.so.3}), or an error when it cannot load. */
  NATIVE,
  /** netlib's pure-Java kernels. */
  JAVA,
  /** EJML's own kernels (what the demo used before BLAS), multi-threaded when threads > 1. */
  EJML
}
