package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;

/** Digital corruptions (spec sections: see corruptions.md). Not yet implemented. */
final class Digital {
  private Digital() {}

  static Image brightness(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("brightness is not implemented yet");
  }

  static Image contrast(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("contrast is not implemented yet");
  }

  static Image pixelate(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("pixelate is not implemented yet");
  }

  static Image jpeg(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("jpeg is not implemented yet");
  }

  static Image saturate(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    throw new UnsupportedOperationException("saturate is not implemented yet");
  }
}
