package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;

/**
 * Deterministic colour and codec corruptions: brightness (§4.4), contrast (§5.1), pixelate
 * (§5.3), jpeg_compression (§5.4) and saturate (§5.5). None of them draws from {@code rng}. Grey
 * images follow §8.3: one channel, computed as channel 0 of the RGB code on the replicated image
 * (saturate: rounded BT.601 luma of that RGB result, as the reference statistics do).
 */
final class Digital {
  private static final double LUMA_R = 0.299;
  private static final double LUMA_G = 0.587;
  private static final double LUMA_B = 0.114;

  private Digital() {}

  /** HSV value + c (clipped to 1); on grey this is {@code clip01(x + c)}. */
  static Image brightness(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double c = t.pick(
        new double[] {0.1, 0.2, 0.3, 0.4, 0.5},
        new double[] {0.1, 0.2, 0.3, 0.4, 0.5},
        new double[] {0.05, 0.1, 0.15, 0.2, 0.3})[s.index()];
    double[] rgb = hsvMap(x, hsv -> hsv[2] = Pixels.clip01(hsv[2] + c));
    return x.isGrey() ? Pixels.fromUnit(channel0(rgb), x) : Pixels.fromUnit(rgb, x);
  }

  /** Deviations from each channel's mean scaled by c. */
  static Image contrast(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double c = t.pick(
        new double[] {0.4, 0.3, 0.2, 0.1, 0.05},
        new double[] {0.4, 0.3, 0.2, 0.1, 0.05},
        new double[] {0.75, 0.5, 0.4, 0.3, 0.15})[s.index()];
    double[] v = Pixels.toUnit(x);
    int ch = x.channels();
    for (int k = 0; k < ch; k++) {
      double sum = 0;
      for (int i = k; i < v.length; i += ch) {
        sum += v[i];
      }
      double mu = sum / (v.length / ch);
      for (int i = k; i < v.length; i += ch) {
        v[i] = (v[i] - mu) * c + mu;
      }
    }
    return Pixels.fromUnit(v, x);
  }

  /** PIL BOX down to {@code int(side*c)}, then BOX back up to the original size. */
  static Image pixelate(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double c = t.pick(
        new double[] {0.6, 0.5, 0.4, 0.3, 0.25},
        new double[] {0.9, 0.8, 0.7, 0.6, 0.5},
        new double[] {0.95, 0.9, 0.85, 0.75, 0.65})[s.index()];
    int h = Math.max(1, (int) (x.height() * c));
    int w = Math.max(1, (int) (x.width() * c));
    return BoxResample.resize(BoxResample.resize(x, h, w), x.height(), x.width());
  }

  /** Baseline JPEG at quality q, decoded again. */
  static Image jpeg(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    int q = t.pick(
        new int[] {25, 18, 15, 10, 7},
        new int[] {65, 58, 50, 40, 25},
        new int[] {80, 65, 58, 50, 40})[s.index()];
    return JpegRoundTrip.roundTrip(x, q);
  }

  /** HSV saturation {@code clip01(S*a + b)}; b > 0 tints grey pixels red (hue 0). */
  static Image saturate(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double[] ab = t.pick(
        new double[][] {{0.3, 0}, {0.1, 0}, {2, 0}, {5, 0.1}, {20, 0.2}},
        new double[][] {{0.3, 0}, {0.1, 0}, {2, 0}, {5, 0.1}, {30, 0.2}},
        new double[][] {{0.3, 0}, {0.1, 0}, {1.5, 0}, {2, 0.1}, {2.5, 0.2}})[s.index()];
    double[] rgb = hsvMap(x, hsv -> hsv[1] = Pixels.clip01(hsv[1] * ab[0] + ab[1]));
    if (!x.isGrey()) {
      return Pixels.fromUnit(rgb, x);
    }
    Image colour = Pixels.fromUnit(rgb, new Image(x.height(), x.width(), 3, new byte[rgb.length]));
    return luma(colour);
  }

  /** Edits each pixel's HSV triple in place (h, s, v) and returns the RGB result in [0,1]. */
  private interface HsvEdit {
    void apply(double[] hsv);
  }

  /** x/255 as RGB (grey replicated), each pixel through rgb2hsv → edit → hsv2rgb. */
  private static double[] hsvMap(Image x, HsvEdit edit) {
    double[] v = Pixels.toUnit(x);
    double[] rgb = x.isGrey() ? replicate(v) : v;
    double[] hsv = new double[3];
    for (int i = 0; i < rgb.length; i += 3) {
      Hsv.fromRgb(rgb, i, hsv);
      edit.apply(hsv);
      Hsv.toRgb(hsv[0], hsv[1], hsv[2], rgb, i);
    }
    return rgb;
  }

  private static double[] replicate(double[] grey) {
    double[] rgb = new double[grey.length * 3];
    for (int i = 0; i < grey.length; i++) {
      rgb[3 * i] = grey[i];
      rgb[3 * i + 1] = grey[i];
      rgb[3 * i + 2] = grey[i];
    }
    return rgb;
  }

  private static double[] channel0(double[] rgb) {
    double[] grey = new double[rgb.length / 3];
    for (int i = 0; i < grey.length; i++) {
      grey[i] = rgb[3 * i];
    }
    return grey;
  }

  /** BT.601 luma of a uint8 RGB image, rounded half to even (numpy {@code round}). */
  private static Image luma(Image rgb) {
    byte[] p = rgb.pixels();
    byte[] out = new byte[p.length / 3];
    for (int i = 0; i < out.length; i++) {
      double y = LUMA_R * (p[3 * i] & 0xFF) + LUMA_G * (p[3 * i + 1] & 0xFF)
          + LUMA_B * (p[3 * i + 2] & 0xFF);
      out[i] = (byte) Math.min(255, (int) Math.rint(y));
    }
    return new Image(rgb.height(), rgb.width(), 1, out);
  }
}
