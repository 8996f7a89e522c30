package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;
import org.ttt4j.data.corruptions.Filters.Border;

/**
 * spatter (spec §5.6): a blurred, thresholded normal "liquid" layer, drawn either as pale
 * turquoise water shaped by its Canny edges or as brown mud. Defined on RGB; a grey image is
 * replicated to RGB and the BT.601 luma of the 8-bit result is returned (§8).
 */
final class Spatter {
  private static final double SKIMAGE_TRUNCATE = 4.0;
  private static final float[] WATER = {175 / 255f, 238 / 255f, 238 / 255f};
  private static final float[] MUD = {63 / 255f, 42 / 255f, 20 / 255f};
  private static final float MUD_MIN = 0.8f;

  private Spatter() {}

  /** {@code c} = (loc, scale, blur sigma, threshold, intensity or mud sigma, mode). */
  static Image apply(Image x, double[] c, RandomGenerator rng) {
    int h = x.height();
    int w = x.width();
    double[] liquid = new double[h * w];
    for (int i = 0; i < liquid.length; i++) {
      liquid[i] = c[0] + c[1] * rng.nextGaussian();
    }
    liquid = Filters.gaussian(liquid, h, w, 1, c[2], SKIMAGE_TRUNCATE, Border.NEAREST);
    double threshold = c[3];
    for (int i = 0; i < liquid.length; i++) {
      if (liquid[i] < threshold) {
        liquid[i] = 0;
      }
    }
    float[] rgb = rgbUnit(x);
    float[] out = c[5] == 0 ? water(rgb, liquid, h, w, (float) c[4]) : mud(rgb, liquid, h, w, c);
    return toImage(out, x);
  }

  private static float[] water(float[] rgb, double[] liquid, int h, int w, float intensity) {
    int[] liquid8 = new int[liquid.length];
    for (int i = 0; i < liquid.length; i++) {
      liquid8[i] = ((int) (liquid[i] * 255)) & 0xFF; // astype(uint8) wraps values above 255
    }
    int[] dist = WaterMask.of(liquid8, h, w);
    float[] m = new float[liquid.length];
    float max = 0;
    for (int i = 0; i < m.length; i++) {
      m[i] = liquid8[i] * (float) dist[i];
      max = Math.max(max, m[i]);
    }
    float[] out = new float[rgb.length];
    for (int p = 0; p < m.length; p++) {
      // max == 0 would be NaN in the reference (0 after the uint8 cast); we leave x unchanged
      float mp = max > 0 ? m[p] / max * intensity : 0f;
      for (int k = 0; k < 3; k++) {
        out[p * 3 + k] = clip01(rgb[p * 3 + k] + mp * WATER[k]);
      }
    }
    return out;
  }

  private static float[] mud(float[] rgb, double[] liquid, int h, int w, double[] c) {
    double[] wet = new double[liquid.length];
    for (int i = 0; i < wet.length; i++) {
      wet[i] = liquid[i] > c[3] ? 1.0 : 0.0;
    }
    double[] blurred = Filters.gaussian(wet, h, w, 1, c[4], SKIMAGE_TRUNCATE, Border.NEAREST);
    float[] out = new float[rgb.length];
    for (int p = 0; p < wet.length; p++) {
      float m = (float) blurred[p];
      if (m < MUD_MIN) {
        m = 0f;
      }
      for (int k = 0; k < 3; k++) {
        out[p * 3 + k] = clip01(rgb[p * 3 + k] * (1 - m) + MUD[k] * m);
      }
    }
    return out;
  }

  private static float[] rgbUnit(Image x) {
    int n = x.height() * x.width();
    float[] rgb = new float[n * 3];
    byte[] p = x.pixels();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        int v = p[x.isGrey() ? i : i * 3 + k] & 0xFF;
        rgb[i * 3 + k] = v / 255f;
      }
    }
    return rgb;
  }

  /** {@code uint8(out * 255)}; for grey inputs, the rounded BT.601 luma of that 8-bit RGB. */
  private static Image toImage(float[] out, Image like) {
    int n = like.height() * like.width();
    byte[] bytes = new byte[like.size()];
    for (int i = 0; i < n; i++) {
      int r = (int) (out[i * 3] * 255f);
      int g = (int) (out[i * 3 + 1] * 255f);
      int b = (int) (out[i * 3 + 2] * 255f);
      if (like.isGrey()) {
        bytes[i] = (byte) (int) Math.rint(0.299 * r + 0.587 * g + 0.114 * b);
      } else {
        bytes[i * 3] = (byte) r;
        bytes[i * 3 + 1] = (byte) g;
        bytes[i * 3 + 2] = (byte) b;
      }
    }
    return new Image(like.height(), like.width(), like.channels(), bytes);
  }

  private static float clip01(float v) {
    return v > 0 ? (v < 1 ? v : 1) : 0;
  }
}
