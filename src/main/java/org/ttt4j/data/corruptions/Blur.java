package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;

/** Blur corruptions (spec sections: see corruptions.md). Not yet implemented. */
final class Blur {
  private Blur() {}

  static Image defocus(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("defocus is not implemented yet");
  }

  static Image glass(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("glass is not implemented yet");
  }

  static Image motion(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("motion is not implemented yet");
  }

  static Image zoom(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("zoom is not implemented yet");
  }

  static Image gaussian(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("gaussian is not implemented yet");
  }
}
