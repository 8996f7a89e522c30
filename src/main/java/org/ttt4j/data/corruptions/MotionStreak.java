package org.ttt4j.data.corruptions;

/**
 * ImageMagick 6 {@code MotionBlurImage} on 8-bit data, as motion_blur and snow use it (spec §3.3):
 * a one-sided Gaussian streak of width {@code 2 ceil(R) + 1} towards {@code angle}, edge virtual
 * pixels, 16-bit quanta ({@code 257 v}) rounded, then written back as {@code floor(q / 257)}.
 */
final class MotionStreak {
  private static final double QUANTA_PER_LEVEL = 257.0;

  private final double[] weights;
  private final int[] dx;
  private final int[] dy;

  /** The streak of ImageMagick radius {@code radius}, sigma {@code sigma}, angle in degrees. */
  MotionStreak(double radius, double sigma, double angleDegrees) {
    if (!(radius > 0) || !(sigma > 0)) {
      throw new IllegalArgumentException(
          "motion blur needs radius > 0 and sigma > 0, got radius " + radius + ", sigma " + sigma);
    }
    int width = (int) (2.0 * Math.ceil(radius) + 1.0);
    weights = new double[width];
    double norm = 0;
    for (int i = 0; i < width; i++) {
      weights[i] = Math.exp(-((double) i * i) / (2.0 * sigma * sigma));
      norm += weights[i];
    }
    for (int i = 0; i < width; i++) {
      weights[i] /= norm;
    }
    double angle = Math.PI * angleDegrees / 180.0;
    double px = width * Math.sin(angle);
    double py = width * Math.cos(angle);
    double len = Math.hypot(px, py);
    dx = new int[width];
    dy = new int[width];
    for (int i = 0; i < width; i++) {
      dx[i] = (int) Math.ceil(i * py / len - 0.5);
      dy[i] = (int) Math.ceil(i * px / len - 0.5);
    }
  }

  /**
   * Blurs 8-bit values (HWC, {@code c} channels, each 0..255) into a new array of 8-bit values.
   */
  int[] apply(int[] v, int h, int w, int c) {
    int[] out = new int[v.length];
    int taps = weights.length;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < c; k++) {
          double sum = 0;
          for (int i = 0; i < taps; i++) {
            int sy = clamp(y + dy[i], h);
            int sx = clamp(x + dx[i], w);
            sum += weights[i] * (QUANTA_PER_LEVEL * v[(sy * w + sx) * c + k]);
          }
          int q = (int) Math.floor(sum + 0.5);
          q = Math.max(0, Math.min(65535, q));
          out[(y * w + x) * c + k] = q / 257;
        }
      }
    }
    return out;
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
  }
}
