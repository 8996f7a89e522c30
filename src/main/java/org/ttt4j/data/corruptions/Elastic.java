package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;

/** Elastic corruptions (spec sections: see corruptions.md). Not yet implemented. */
final class Elastic {
  private Elastic() {}

  static Image elastic(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("elastic is not implemented yet");
  }
}
