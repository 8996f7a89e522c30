package org.ttt4j.data.corruptions;

/**
 * The seed of one corrupted image, derived from (root seed, image index, corruption, severity) so
 * that every image of a set can be reproduced alone, in any order, on any number of threads.
 *
 * <p>Rule (recorded in every manifest as {@link #RULE}): start from {@code mix(root)}, then for each
 * of {@code corruption.id().hashCode()}, {@code severity.level()} and {@code index} in turn, XOR it
 * in and {@code mix} again. {@code mix} is SplitMix64's finaliser (Steele, Lea &amp; Flood, OOPSLA 2014)
 * applied after adding the golden gamma. {@code String.hashCode} is specified by the JLS, so seeds
 * do not depend on the enum's declaration order.
 */
public final class CorruptionSeeds {

  /** One-line description for manifests. */
  public static final String RULE =
      "splitmix64(splitmix64(splitmix64(splitmix64(root) ^ id.hashCode()) ^ level) ^ index)";

  private CorruptionSeeds() {}

  /** The seed passed to {@link Corruption#apply(org.ttt4j.data.Image, Severity, long)}. */
  public static long seed(long root, int index, Corruption corruption, Severity severity) {
    long h = mix(root);
    h = mix(h ^ corruption.id().hashCode());
    h = mix(h ^ severity.level());
    return mix(h ^ index);
  }

  /** SplitMix64: add the golden gamma, then the variant-13 finaliser. */
  static long mix(long x) {
    long z = x + 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
