package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;

/** Weather corruptions (spec sections: see corruptions.md). Not yet implemented. */
final class Weather {
  private Weather() {}

  static Image snow(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("snow is not implemented yet");
  }

  static Image frost(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("frost is not implemented yet");
  }

  static Image fog(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("fog is not implemented yet");
  }

  static Image spatter(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("spatter is not implemented yet");
  }
}
