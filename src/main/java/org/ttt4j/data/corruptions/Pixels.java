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

  /** {@code float32(x / 255)}, HWC, held in doubles (every value is exactly a float). */
  static double[] toUnitFloat(Image x) {
    byte[] p = x.pixels();
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (float) ((p[i] & 0xFF) / 255.0);
    }
    return out;
  }


  /** As {@link #fromUnit} but with float32 arithmetic ({@code np.clip(float32) * 255}). */
  static Image fromUnitFloat(double[] y, Image like) {
    byte[] out = new byte[y.length];
    for (int i = 0; i < y.length; i++) {
      float v = (float) y[i];
      v = v > 0 ? (v < 1 ? v : 1) : 0;
      out[i] = (byte) (int) (v * 255f);
    }
    return new Image(like.height(), like.width(), like.channels(), out);
  }


  /** {@code uint8(clip(v, 0, 255))} by truncation; for values already on the 0..255 scale. */
  static int truncateToByte(double v) {
    return v > 0 ? (v < 255 ? (int) v : 255) : 0;
  }
}
