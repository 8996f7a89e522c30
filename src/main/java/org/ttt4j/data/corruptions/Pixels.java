package org.ttt4j.data.corruptions;

import org.ttt4j.data.Image;

/**
 * The reference's float convention (spec §0): input {@code x/255} in double, output {@code
 * clip01(y)*255} truncated to uint8 (numpy's {@code np.uint8}), not rounded.
 */
final class Pixels {
  private Pixels() {}

  /** All values of {@code x} divided by 255, same HWC layout. */
  static double[] toUnit(Image x) {
    byte[] p = x.pixels();
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (p[i] & 0xFF) / 255.0;
    }
    return out;
  }

  /** {@code clip01(v)*255}, truncated, into an image shaped like {@code like}. */
  static Image fromUnit(double[] values, Image like) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) truncate(clip01(values[i]) * 255.0);
    }
    return new Image(like.height(), like.width(), like.channels(), out);
  }

  static double clip01(double v) {
    // NaN cannot occur: every corruption's arithmetic is finite on finite inputs.
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }

  /** {@code np.uint8} of a value already in [0, 255]: floor. */
  static int truncate(double v) {
    return (int) v;
  }
}
