package org.ttt4j.data;

/**
 * Derives independent seeds from a root seed and a path of integers (epoch, step, sample, ...), so
 * that any random draw of a run can be recomputed from its coordinates alone: what makes resumed
 * runs identical to uninterrupted ones. SplitMix64's finaliser (Steele, Lea &amp; Flood, 2014)
 * applied to each part in turn.
 */
public final class Seeds {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** A well-mixed 64-bit seed for {@code (root, parts...)}. */
  public static long derive(long root, long... parts) {
    long h = mix(root);
    for (int i = 0; i < parts.length; i++) {
      h = mix(h + GOLDEN_GAMMA * (parts[i] + ((long) i << 32) + 1));
    }
    return h;
  }

  /** SplitMix64 finaliser (variant 13). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
