package org.ttt4j.data.corruptions;

/** ImageNet-C severity level, 1 (mild) to 5 (strongest). */
public enum Severity {
  S1, S2, S3, S4, S5;

  /** 1..5. */
  public int level() {
    return ordinal() + 1;
  }

  /** Index 0..4 into a parameter table row. */
  public int index() {
    return ordinal();
  }

  /** The severity of a 1-based level; anything outside 1..5 is a clear error. */
  public static Severity of(int level) {
    if (level < 1 || level > 5) {
      throw new IllegalArgumentException(
          "severity must be between 1 and 5 (ImageNet-C levels), got " + level);
    }
    return values()[level - 1];
  }
}
