package org.ttt4j.data;

import java.util.Random;

/** Small deterministic images for tests. */
final class TestImages {
  private TestImages() {}

  static Image random(int h, int w, int c, long seed) {
    byte[] px = new byte[h * w * c];
    new Random(seed).nextBytes(px);
    return new Image(h, w, c, px);
  }

  static Image ramp(int h, int w, int c) {
    byte[] px = new byte[h * w * c];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7);
    }
    return new Image(h, w, c, px);
  }
}
