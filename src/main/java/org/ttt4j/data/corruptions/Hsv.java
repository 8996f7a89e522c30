package org.ttt4j.data.corruptions;

/**
 * RGB ↔ HSV exactly as scikit-image 0.19 ({@code skimage.color.rgb2hsv} / {@code hsv2rgb}) computes
 * it in float64, all components in [0,1]. The order of the hue cases matters at ties: numpy
 * assigns red, then green, then blue, so the last maximal channel wins.
 */
final class Hsv {
  private Hsv() {}

  /** Writes (h, s, v) of the RGB triple at {@code rgb[i..i+2]} into {@code hsv[0..2]}. */
  static void fromRgb(double[] rgb, int i, double[] hsv) {
    double r = rgb[i];
    double g = rgb[i + 1];
    double b = rgb[i + 2];
    double v = Math.max(r, Math.max(g, b));
    double delta = v - Math.min(r, Math.min(g, b));
    if (delta == 0) {
      hsv[0] = 0;
      hsv[1] = 0;
      hsv[2] = v;
      return;
    }
    double h;
    if (b == v) {
      h = 4.0 + (r - g) / delta;
    } else if (g == v) {
      h = 2.0 + (b - r) / delta;
    } else {
      h = (g - b) / delta;
    }
    hsv[0] = floorMod1(h / 6.0);
    hsv[1] = delta / v;
    hsv[2] = v;
  }

  /** Writes the RGB triple of (h, s, v) into {@code rgb[i..i+2]}. */
  static void toRgb(double h, double s, double v, double[] rgb, int i) {
    double hi = Math.floor(h * 6);
    double f = h * 6 - hi;
    double p = v * (1 - s);
    double q = v * (1 - f * s);
    double t = v * (1 - (1 - f) * s);
    // skimage casts hi to uint8 and takes it modulo 6 (h == 1.0 gives hi = 6 → 0).
    switch (((int) hi) % 6) {
      case 0 -> set(rgb, i, v, t, p);
      case 1 -> set(rgb, i, q, v, p);
      case 2 -> set(rgb, i, p, v, t);
      case 3 -> set(rgb, i, p, q, v);
      case 4 -> set(rgb, i, t, p, v);
      default -> set(rgb, i, v, p, q);
    }
  }

  /** numpy's {@code x % 1.0}: the result takes the sign of the divisor. */
  private static double floorMod1(double x) {
    double mod = x % 1.0;
    if (mod != 0 && mod < 0) {
      mod += 1.0;
    }
    return mod;
  }

  private static void set(double[] rgb, int i, double r, double g, double b) {
    rgb[i] = r;
    rgb[i + 1] = g;
    rgb[i + 2] = b;
  }
}
