package org.ttt4j.data.corruptions;

/**
 * Which of the reference scripts' parameter tables a corruption uses (spec §1): ImageNet-C (224),
 * Tiny-ImageNet-C (64) or CIFAR-10-C (32). Side-dependent quantities always come from the actual
 * image (spec §7); 28x28 grey uses the 32 table (spec §8).
 */
public enum ParamTable {
  T224, T64, T32;

  /** The table the reference would use for an image of this side (spec §7/§8). */
  public static ParamTable forSide(int side) {
    if (side >= 128) {
      return T224;
    }
    if (side >= 48) {
      return T64;
    }
    return T32;
  }
}
