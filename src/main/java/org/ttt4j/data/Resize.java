package org.ttt4j.data;

/**
 * Resizing exactly as Pillow's {@code Image.resize} does it (libImaging/Resample.c), which is what
 * torchvision uses on PIL images: a separable convolution, horizontal pass then vertical, each
 * rounded to 8 bits; when downscaling, the filter support is stretched by the scale factor
 * (antialiasing). Weights are fixed-point with 22 fractional bits, as in Pillow.
 */
public final class Resize {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  /** The two resampling filters torchvision uses by default. */
  public enum Interpolation {
    /** Triangle filter, support 1. */
    BILINEAR(1.0),
    /** Keys cubic with a = -0.5 (Pillow's BICUBIC), support 2. */
    BICUBIC(2.0);

    private final double support;

    Interpolation(double support) {
      this.support = support;
    }

    double weight(double x) {
      x = Math.abs(x);
      if (this == BILINEAR) {
        return x < 1.0 ? 1.0 - x : 0.0;
      }
      final double a = -0.5;
      if (x < 1.0) {
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
      }
      if (x < 2.0) {
        return (((x - 5) * x + 8) * x - 4) * a;
      }
      return 0.0;
    }
  }

  private Resize() {}

  /** {@code image} resized to {@code height x width}; the same size returns the input unchanged. */
  public static Image resize(Image image, int height, int width, Interpolation filter) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("resize target must be positive, got " + height + "x" + width);
    }
    Image out = image;
    if (width != image.width()) {
      out = horizontal(out, width, filter);
    }
    if (height != image.height()) {
      out = vertical(out, height, filter);
    }
    return out;
  }

  /**
   * torchvision's {@code Resize(size)} with an int: the shorter side becomes {@code size}, the longer
   * one {@code int(size * long / short)}.
   */
  public static Image resizeShorterSide(Image image, int size, Interpolation filter) {
    int h = image.height();
    int w = image.width();
    if (h <= w) {
      return resize(image, size, (int) ((long) size * w / h), filter);
    }
    return resize(image, (int) ((long) size * h / w), size, filter);
  }

  /** Per output position: first input index, count, and fixed-point weights (Pillow's precompute_coeffs). */
  private record Coefficients(int[] start, int[] count, int[][] weights) {}

  private static Coefficients coefficients(int inSize, int outSize, Interpolation filter) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filter.support * filterScale;
    int[] start = new int[outSize];
    int[] count = new int[outSize];
    int[][] weights = new int[outSize][];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ss = 1.0 / filterScale;
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
      double[] k = new double[Math.max(xmax, 0)];
      double ww = 0.0;
      for (int x = 0; x < xmax; x++) {
        k[x] = filter.weight((x + xmin - center + 0.5) * ss);
        ww += k[x];
      }
      int[] fixed = new int[k.length];
      for (int x = 0; x < k.length; x++) {
        double v = ww != 0.0 ? k[x] / ww : k[x];
        fixed[x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
      }
      start[xx] = xmin;
      count[xx] = k.length;
      weights[xx] = fixed;
    }
    return new Coefficients(start, count, weights);
  }

  private static Image horizontal(Image in, int outW, Interpolation filter) {
    Coefficients co = coefficients(in.width(), outW, filter);
    int h = in.height();
    int c = in.channels();
    byte[] src = in.pixels();
    byte[] dst = new byte[h * outW * c];
    for (int y = 0; y < h; y++) {
      int row = y * in.width();
      for (int xx = 0; xx < outW; xx++) {
        int[] k = co.weights()[xx];
        for (int ch = 0; ch < c; ch++) {
          int ss = 1 << (PRECISION_BITS - 1);
          for (int x = 0; x < co.count()[xx]; x++) {
            ss += (src[(row + co.start()[xx] + x) * c + ch] & 0xFF) * k[x];
          }
          dst[(y * outW + xx) * c + ch] = clip8(ss);
        }
      }
    }
    return new Image(h, outW, c, dst);
  }

  private static Image vertical(Image in, int outH, Interpolation filter) {
    Coefficients co = coefficients(in.height(), outH, filter);
    int w = in.width();
    int c = in.channels();
    byte[] src = in.pixels();
    byte[] dst = new byte[outH * w * c];
    for (int yy = 0; yy < outH; yy++) {
      int[] k = co.weights()[yy];
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          int ss = 1 << (PRECISION_BITS - 1);
          for (int y = 0; y < co.count()[yy]; y++) {
            ss += (src[((co.start()[yy] + y) * w + x) * c + ch] & 0xFF) * k[y];
          }
          dst[(yy * w + x) * c + ch] = clip8(ss);
        }
      }
    }
    return new Image(outH, w, c, dst);
  }

  private static byte clip8(int ss) {
    int v = ss >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }
}
