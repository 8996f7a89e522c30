package org.ttt4j.data;

import java.util.Locale;

/** The train or test part of a dataset that ships both. */
public enum Split {
  TRAIN, TEST;

  /** Parses "train" or "test" (also "t10k", Fashion-MNIST's name for test), case-insensitive. */
  public static Split parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "train" -> TRAIN;
      case "test", "t10k" -> TEST;
      default -> throw new IllegalArgumentException("unknown split '" + name + "'; use train or test");
    };
  }
}
