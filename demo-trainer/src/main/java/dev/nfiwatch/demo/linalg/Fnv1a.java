package dev.nfiwatch.demo.linalg;

/** 64-bit FNV-1a over the raw bits of parameters: the run checksum that proves bit-identical runs. */
public final class Fnv1a {

  /** The FNV-1a 64-bit offset basis, the hash of nothing. */
  public static final long EMPTY = 0xcbf29ce484222325L;

  private static final long PRIME = 0x100000001b3L;

  private Fnv1a() {}

  /** Mixes the {@code byteCount} low-order bytes of {@code bits} into {@code hash}, low byte first. */
  public static long mix(long hash, long bits, int byteCount) {
    long h = hash;
    for (int i = 0; i < byteCount; i++) {
      h ^= (bits >>> (8 * i)) & 0xFF;
      h *= PRIME;
    }
    return h;
  }
}
