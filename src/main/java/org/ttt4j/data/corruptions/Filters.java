package org.ttt4j.data.corruptions;

import org.ttt4j.data.Image;

/**
 * Numeric building blocks shared by the blur, weather and elastic corruptions (spec §0): unit-scale
 * conversion with uint8 truncation, border modes, the scikit-image Gaussian filter and
 * corner-aligned bilinear zoom.
 *
 * <p>Arrays are row-major and channel-interleaved (HWC), like {@link Image}.
 */
final class Filters {
  private Filters() {}

  /** How indices outside {@code [0, n)} are folded back (spec §0.7). */
  enum Border {
    /** OpenCV BORDER_REFLECT_101: {@code c b | a b c d | c b} (edge not repeated). */
    REFLECT_101 {
      @Override
      int index(int i, int n) {
        if (n == 1) {
          return 0;
        }
        int period = 2 * n - 2;
        int j = Math.floorMod(i, period);
        return j < n ? j : period - j;
      }
    },
    /** scipy {@code mode='reflect'} (half-sample symmetric): {@code b a | a b c d | d c}. */
    SYMMETRIC {
      @Override
      int index(int i, int n) {
        int period = 2 * n;
        int j = Math.floorMod(i, period);
        return j < n ? j : period - 1 - j;
      }
    },
    /** scipy {@code mode='nearest'} / edge replication: {@code a a | a b c d | d d}. */
    NEAREST {
      @Override
      int index(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
      }
    };

    /** The in-range index that position {@code i} of a length-{@code n} signal reads. */
    abstract int index(int i, int n);
  }

  /**
   * The 1-D Gaussian of scipy's {@code gaussian_filter1d}: {@code exp(-k^2 / (2 sigma^2))} for
   * {@code k = -r..r}, {@code r = int(truncate * sigma + 0.5)}, normalised to sum 1.
   */
  static double[] gaussianWeights(double sigma, double truncate) {
    int radius = (int) (truncate * sigma + 0.5);
    double[] w = new double[2 * radius + 1];
    double scale = -0.5 / (sigma * sigma);
    for (int k = -radius; k <= radius; k++) {
      w[k + radius] = Math.exp(scale * (double) (k * k));
    }
    double sum = numpySum(w);
    for (int k = 0; k < w.length; k++) {
      w[k] /= sum;
    }
    return w;
  }

  /** numpy's pairwise summation (8 accumulators per block of up to 128), for bit-equal sums. */
  static double numpySum(double[] a) {
    return pairwiseSum(a, 0, a.length);
  }

  private static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= 128) {
      double[] r = new double[8];
      System.arraycopy(a, from, r, 0, 8);
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int half = n / 2;
    half -= half % 8;
    return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
  }

  /**
   * scikit-image {@code gaussian}: separable correlation along rows then columns of each channel
   * (never across channels), spec §0.8. {@code sigma <= 1e-15} leaves the image as it is (scipy
   * skips such axes). Returns a new array.
   */
  static double[] gaussian(
      double[] x, int h, int w, int c, double sigma, double truncate, Border border) {
    if (sigma <= 1e-15) {
      return x.clone();
    }
    double[] weights = gaussianWeights(sigma, truncate);
    double[] tmp = new double[x.length];
    correlateAxis(x, tmp, h, w * c, w * c, 1, 0, weights, border); // axis 0: down the rows
    double[] out = new double[x.length];
    correlateAxis(tmp, out, w, c, c, h, w * c, weights, border); // axis 1: along each row
    return out;
  }

  /**
   * 1-D correlation with symmetric weights of every line along one axis. A line has {@code n} samples {@code step}
   * apart and starts at {@code o * groupStride + k} for {@code k < lanes}, {@code o < groups}.
   */
  private static void correlateAxis(
      double[] src, double[] dst, int n, int step, int lanes, int groups, int groupStride,
      double[] weights, Border border) {
    int radius = weights.length / 2;
    int[] index = new int[n + 2 * radius];
    for (int i = 0; i < index.length; i++) {
      index[i] = border.index(i - radius, n) * step;
    }
    double[] line = new double[index.length];
    for (int o = 0; o < groups; o++) {
      for (int k = 0; k < lanes; k++) {
        int start = o * groupStride + k;
        for (int i = 0; i < index.length; i++) {
          line[i] = src[start + index[i]];
        }
        for (int i = 0; i < n; i++) {
          // scipy's order for symmetric weights: centre, then pairs from the farthest in
          int c = i + radius;
          double acc = line[c] * weights[radius];
          for (int j = radius; j > 0; j--) {
            acc += (line[c - j] + line[c + j]) * weights[radius - j];
          }
          dst[start + i * step] = acc;
        }
      }
    }
  }

  /**
   * Corner-aligned bilinear zoom of one axis (scipy {@code ndimage.zoom}, order 1, grid_mode
   * False) as {@code clipped_zoom} uses it (spec §3.4): crop {@code ch = ceil(S/z)} centred,
   * resample to {@code n = round(ch * z)}, keep {@code [t, t + S)} with {@code t = (n - S) / 2}.
   * Entry {@code o} of the result samples {@code lo[o]} and {@code lo[o] + 1} with weights
   * {@code 1 - frac[o]}, {@code frac[o]}.
   */
  record ZoomAxis(int[] lo, int[] hi, double[] frac) {
    static ZoomAxis of(int side, double z) {
      int ch = (int) Math.ceil(side / z);
      int top = Math.floorDiv(side - ch, 2);
      int n = (int) Math.rint(ch * z);
      double ratio = n > 1 ? (ch - 1.0) / (n - 1.0) : 1.0;
      int trim = Math.floorDiv(n - side, 2);
      int[] lo = new int[side];
      int[] hi = new int[side];
      double[] frac = new double[side];
      for (int o = 0; o < side; o++) {
        double cc = Math.min((o + trim) * ratio, ch - 1.0);
        int i0 = (int) Math.floor(cc);
        lo[o] = top + i0;
        hi[o] = top + Math.min(i0 + 1, ch - 1);
        frac[o] = cc - i0;
      }
      return new ZoomAxis(lo, hi, frac);
    }
  }

  /** {@code clipped_zoom(x, z)} of an HWC array (each axis zoomed about its own side). */
  static double[] clippedZoom(double[] x, int h, int w, int c, double z) {
    ZoomAxis rows = ZoomAxis.of(h, z);
    ZoomAxis cols = ZoomAxis.of(w, z);
    double[] out = new double[x.length];
    for (int r = 0; r < h; r++) {
      double fr = rows.frac[r];
      int r0 = rows.lo[r] * w;
      int r1 = rows.hi[r] * w;
      for (int q = 0; q < w; q++) {
        double fc = cols.frac[q];
        int c0 = cols.lo[q];
        int c1 = cols.hi[q];
        int o = (r * w + q) * c;
        for (int k = 0; k < c; k++) {
          double top = (1 - fc) * x[(r0 + c0) * c + k] + fc * x[(r0 + c1) * c + k];
          double bottom = (1 - fc) * x[(r1 + c0) * c + k] + fc * x[(r1 + c1) * c + k];
          out[o + k] = (1 - fr) * top + fr * bottom;
        }
      }
    }
    return out;
  }

  /**
   * numpy's float {@code arange(1, stop, step)} (spec §1.2): {@code n = ceil((stop - 1) / step)}
   * values {@code 1 + k * d} with the increment {@code d = (1 + step) - 1} as numpy computes it.
   */
  static double[] arangeFromOne(double stop, double step) {
    int n = (int) Math.ceil((stop - 1.0) / step);
    double d = (1.0 + step) - 1.0;
    double[] z = new double[n];
    for (int k = 0; k < n; k++) {
      z[k] = 1.0 + k * d;
    }
    return z;
  }
}
