package org.ttt4j.data.corruptions;

import org.ttt4j.data.Image;

/**
 * Pillow's {@code Image.resize(size, Image.BOX)} for 8-bit images (spec §5.3; Pillow 9
 * {@code Resample.c}): separable, horizontal pass into an 8-bit intermediate, then vertical; each
 * output value is a fixed-point (22 fractional bits) weighted sum rounded to nearest and clamped.
 * Downscaling averages the input pixels whose centres fall in the output pixel's half-open
 * footprint; upscaling picks one source pixel.
 */
final class BoxResample {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double BOX_SUPPORT = 0.5;

  private BoxResample() {}

  /** One axis' filter: for output i, {@code size[i]} weights from input {@code start[i]} on. */
  private record Coefficients(int kernelSize, int[] start, int[] size, int[] weights) {}

  static Image resize(Image x, int outHeight, int outWidth) {
    if (outHeight == x.height() && outWidth == x.width()) {
      return x;
    }
    Image horizontal = x;
    if (outWidth != x.width()) {
      horizontal = pass(x, coefficients(x.width(), outWidth), true);
    }
    if (outHeight != x.height()) {
      return pass(horizontal, coefficients(x.height(), outHeight), false);
    }
    return horizontal;
  }

  private static Image pass(Image in, Coefficients k, boolean alongWidth) {
    int c = in.channels();
    int outH = alongWidth ? in.height() : k.start().length;
    int outW = alongWidth ? k.start().length : in.width();
    byte[] src = in.pixels();
    byte[] dst = new byte[outH * outW * c];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int o = alongWidth ? x : y;
        for (int ch = 0; ch < c; ch++) {
          int acc = 1 << (PRECISION_BITS - 1);
          for (int j = 0; j < k.size()[o]; j++) {
            int from = k.start()[o] + j;
            int idx = alongWidth ? (y * in.width() + from) * c + ch : (from * in.width() + x) * c + ch;
            acc += (src[idx] & 0xFF) * k.weights()[o * k.kernelSize() + j];
          }
          dst[(y * outW + x) * c + ch] = (byte) clip8(acc);
        }
      }
    }
    return new Image(outH, outW, c, dst);
  }

  private static int clip8(int acc) {
    if (acc >= (1 << PRECISION_BITS << 8)) {
      return 255;
    }
    if (acc <= 0) {
      return 0;
    }
    return acc >> PRECISION_BITS;
  }

  /** Pillow's {@code precompute_coeffs} + {@code normalize_coeffs_8bpc} for the BOX filter. */
  private static Coefficients coefficients(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = BOX_SUPPORT * filterScale;
    int kernelSize = (int) Math.ceil(support) * 2 + 1;
    int[] start = new int[outSize];
    int[] size = new int[outSize];
    int[] weights = new int[outSize * kernelSize];
    double[] w = new double[kernelSize];
    for (int o = 0; o < outSize; o++) {
      double center = (o + 0.5) * scale;
      double ss = 1.0 / filterScale;
      int xmin = Math.max(0, (int) (center - support + 0.5));
      int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
      double sum = 0;
      for (int j = 0; j < xmax; j++) {
        w[j] = box((j + xmin - center + 0.5) * ss);
        sum += w[j];
      }
      for (int j = 0; j < xmax; j++) {
        double normalised = sum != 0 ? w[j] / sum : w[j];
        weights[o * kernelSize + j] = (int) (normalised * (1 << PRECISION_BITS) + 0.5);
      }
      start[o] = xmin;
      size[o] = xmax;
    }
    return new Coefficients(kernelSize, start, size, weights);
  }

  private static double box(double t) {
    return t > -0.5 && t <= 0.5 ? 1.0 : 0.0;
  }
}
