package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;

/** Noise corruptions (spec sections: see corruptions.md). Not yet implemented. */
final class Noise {
  private Noise() {}

  static Image gaussian(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("gaussian is not implemented yet");
  }

  static Image shot(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("shot is not implemented yet");
  }

  static Image impulse(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("impulse is not implemented yet");
  }

  static Image speckle(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("speckle is not implemented yet");
  }
}
