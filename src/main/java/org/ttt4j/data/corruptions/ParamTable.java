package org.ttt4j.data.corruptions;

/**
 * Which of the reference scripts' parameter tables a corruption uses (spec §1): ImageNet-C (224),
 * Tiny-ImageNet-C (64) or CIFAR-10-C (32). The spec defines a table for exactly these sides, plus
 * 28 (Fashion-MNIST), which uses the CIFAR table (§8). Side-dependent quantities (loop bounds,
 * crop and resize targets) always come from the actual image (§7), never from the table.
 */
public enum ParamTable {
  /** ImageNet-C, {@code make_imagenet_c.py}. */
  T224,
  /** Tiny-ImageNet-C, {@code make_tinyimagenet_c.py}. */
  T64,
  /** CIFAR-10-C, {@code make_cifar_c.py}; also the 28x28 grey rule of spec §8. */
  T32;

  /**
   * The table for an image side: 224 → T224, 64 → T64, 32 and 28 → T32 (spec §1, §8). Other sides
   * have no table in the spec; choose one explicitly with {@link
   * Corruption#apply(org.ttt4j.data.Image, Severity, ParamTable, java.util.random.RandomGenerator)}.
   */
  public static ParamTable forSide(int side) {
    return switch (side) {
      case 224 -> T224;
      case 64 -> T64;
      case 32, 28 -> T32;
      default -> throw new IllegalArgumentException(
          "the spec has parameter tables for sides 224, 64, 32 (and 28, which uses the 32"
              + " table), not " + side + "; resize to one of these or pass a ParamTable"
              + " (T224, T64, T32) explicitly");
    };
  }

  /** This table's row out of the three columns of a spec table (224, 64, 32 order). */
  <T> T pick(T t224, T t64, T t32) {
    return switch (this) {
      case T224 -> t224;
      case T64 -> t64;
      case T32 -> t32;
    };
  }
}
