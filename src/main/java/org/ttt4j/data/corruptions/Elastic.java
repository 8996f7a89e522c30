package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;
import org.ttt4j.data.corruptions.Filters.Border;

/**
 * elastic_transform, hendrycks version (spec §5.2): a random affine warp (OpenCV
 * {@code warpAffine}, bilinear, reflect101, 1/32-pixel fixed-point coordinates), then a smooth
 * random displacement field resampled bilinearly (scipy {@code map_coordinates}, order 1,
 * half-sample-symmetric reflection), all in float32.
 */
final class Elastic {
  /** The 224 script multiplies by 244, not 224 (§10.3); kept for faithfulness. */
  private static final double IMAGENET_SIZE_CONSTANT = 244.0;

  private static final double FIELD_TRUNCATE = 3.0;
  private static final int AB_BITS = 10;
  private static final int INTER_BITS = 5;
  private static final int INTER_TAB_SIZE = 1 << INTER_BITS;

  private Elastic() {}

  static Image elastic(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    // (alpha, sigma, affine jitter) as factors of the size constant (244 for T224, else the side)
    double[][] factors = switch (t) {
      case T224 -> new double[][] {{2, 0.7, 0.1}, {2, 0.08, 0.2}, {0.05, 0.01, 0.02}, {0.07, 0.01, 0.02}, {0.12, 0.01, 0.02}};
      case T64 -> new double[][] {{0, 0, 0.08}, {0.05, 0.3, 0.06}, {0.1, 0.08, 0.06}, {0.1, 0.03, 0.03}, {0.16, 0.03, 0.02}};
      case T32 -> new double[][] {{0, 0, 0.08}, {0.05, 0.2, 0.07}, {0.08, 0.06, 0.06}, {0.1, 0.04, 0.05}, {0.1, 0.03, 0.03}};
    };
    int h = x.height();
    int w = x.width();
    int ch = x.channels();
    double size = t == ParamTable.T224 ? IMAGENET_SIZE_CONSTANT : Math.max(h, w);
    double[] f = factors[s.index()];
    double alpha = size * f[0];
    double sigma = size * f[1];
    double jitter = size * f[2];

    float[] image = new float[x.size()];
    for (int i = 0; i < image.length; i++) {
      image[i] = (x.pixels()[i] & 0xFF) / 255f;
    }
    float[] warped = warpAffine(image, h, w, ch, randomAffine(h, w, jitter, rng));
    float[] dx = displacement(h, w, alpha, sigma, rng);
    float[] dy = displacement(h, w, alpha, sigma, rng);
    double[] out = new double[image.length];
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        int p = r * w + q;
        resample(warped, h, w, ch, r + (double) dy[p], q + (double) dx[p], out, p * ch);
      }
    }
    return Pixels.fromUnitFloat(out, x);
  }

  /** The inverse (output → input) of the affine map sending three jittered points. */
  private static double[] randomAffine(int h, int w, double jitter, RandomGenerator rng) {
    float c0 = (float) Math.floor(h / 2.0);
    float c1 = (float) Math.floor(w / 2.0);
    float q = Math.min(h, w) / 3;
    float[][] src = {{c0 + q, c1 + q}, {c0 + q, c1 - q}, {c0 - q, c1 - q}};
    float[][] dst = new float[3][2];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        dst[i][j] = src[i][j] + (float) (-jitter + 2 * jitter * rng.nextDouble());
      }
    }
    double[] m = new double[6]; // OpenCV getAffineTransform: (x, y) = (point[0], point[1])
    for (int row = 0; row < 2; row++) {
      double[][] a = new double[3][];
      double[] b = new double[3];
      for (int i = 0; i < 3; i++) {
        a[i] = new double[] {src[i][0], src[i][1], 1.0};
        b[i] = dst[i][row];
      }
      double[] sol = solve3(a, b);
      System.arraycopy(sol, 0, m, row * 3, 3);
    }
    double det = m[0] * m[4] - m[1] * m[3];
    det = det != 0 ? 1.0 / det : 0.0;
    double a11 = m[4] * det;
    double a22 = m[0] * det;
    double a12 = -m[1] * det;
    double a21 = -m[3] * det;
    double b1 = -a11 * m[2] - a12 * m[5];
    double b2 = -a21 * m[2] - a22 * m[5];
    return new double[] {a11, a12, b1, a21, a22, b2};
  }

  /** Gaussian elimination with partial pivoting (OpenCV's LU), in place. */
  private static double[] solve3(double[][] a, double[] b) {
    int n = 3;
    for (int i = 0; i < n; i++) {
      int k = i;
      for (int j = i + 1; j < n; j++) {
        if (Math.abs(a[j][i]) > Math.abs(a[k][i])) {
          k = j;
        }
      }
      if (a[k][i] == 0) {
        throw new IllegalStateException("affine source points are collinear; image too small?");
      }
      double[] tr = a[i];
      a[i] = a[k];
      a[k] = tr;
      double tb = b[i];
      b[i] = b[k];
      b[k] = tb;
      double d = -1.0 / a[i][i];
      for (int j = i + 1; j < n; j++) {
        double factor = a[j][i] * d;
        for (int c = i + 1; c < n; c++) {
          a[j][c] += factor * a[i][c];
        }
        b[j] += factor * b[i];
      }
      a[i][i] = -d;
    }
    for (int i = n - 1; i >= 0; i--) {
      double sum = b[i];
      for (int c = i + 1; c < n; c++) {
        sum -= a[i][c] * b[c];
      }
      b[i] = sum * a[i][i];
    }
    return b;
  }

  /** OpenCV warpAffine (inverse map given), INTER_LINEAR on float32, BORDER_REFLECT_101. */
  private static float[] warpAffine(float[] src, int h, int w, int ch, double[] mi) {
    float[] out = new float[src.length];
    int abScale = 1 << AB_BITS;
    int roundDelta = abScale / INTER_TAB_SIZE / 2;
    int[] adelta = new int[w];
    int[] bdelta = new int[w];
    for (int q = 0; q < w; q++) {
      adelta[q] = (int) Math.rint(mi[0] * q * abScale);
      bdelta[q] = (int) Math.rint(mi[3] * q * abScale);
    }
    for (int r = 0; r < h; r++) {
      int x0 = (int) Math.rint((mi[1] * r + mi[2]) * abScale) + roundDelta;
      int y0 = (int) Math.rint((mi[4] * r + mi[5]) * abScale) + roundDelta;
      for (int q = 0; q < w; q++) {
        int fx = (x0 + adelta[q]) >> (AB_BITS - INTER_BITS);
        int fy = (y0 + bdelta[q]) >> (AB_BITS - INTER_BITS);
        int sx = fx >> INTER_BITS;
        int sy = fy >> INTER_BITS;
        float ax = (fx & (INTER_TAB_SIZE - 1)) * (1f / INTER_TAB_SIZE);
        float ay = (fy & (INTER_TAB_SIZE - 1)) * (1f / INTER_TAB_SIZE);
        float w00 = (1f - ay) * (1f - ax);
        float w01 = (1f - ay) * ax;
        float w10 = ay * (1f - ax);
        float w11 = ay * ax;
        int xa = Border.REFLECT_101.index(sx, w);
        int xb = Border.REFLECT_101.index(sx + 1, w);
        int ya = Border.REFLECT_101.index(sy, h) * w;
        int yb = Border.REFLECT_101.index(sy + 1, h) * w;
        for (int k = 0; k < ch; k++) {
          out[(r * w + q) * ch + k] =
              src[(ya + xa) * ch + k] * w00 + src[(ya + xb) * ch + k] * w01
                  + src[(yb + xa) * ch + k] * w10 + src[(yb + xb) * ch + k] * w11;
        }
      }
    }
    return out;
  }

  /** {@code float32(alpha * gaussian(U(-1, 1)^(h x w), sigma, reflect, truncate 3))}. */
  private static float[] displacement(int h, int w, double alpha, double sigma, RandomGenerator rng) {
    double[] field = new double[h * w];
    for (int i = 0; i < field.length; i++) {
      field[i] = -1.0 + 2.0 * rng.nextDouble();
    }
    double[] smooth = Filters.gaussian(field, h, w, 1, sigma, FIELD_TRUNCATE, Border.SYMMETRIC);
    float[] d = new float[field.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (smooth[i] * alpha);
    }
    return d;
  }

  /** Bilinear sample at (row, col) of every channel, half-sample-symmetric outside. */
  private static void resample(
      float[] img, int h, int w, int ch, double row, double col, double[] out, int at) {
    double r0 = Math.floor(row);
    double c0 = Math.floor(col);
    double tr = row - r0;
    double tc = col - c0;
    int ra = Border.SYMMETRIC.index((int) r0, h) * w;
    int rb = Border.SYMMETRIC.index((int) r0 + 1, h) * w;
    int ca = Border.SYMMETRIC.index((int) c0, w);
    int cb = Border.SYMMETRIC.index((int) c0 + 1, w);
    for (int k = 0; k < ch; k++) {
      double v = img[(ra + ca) * ch + k] * (1 - tr) * (1 - tc);
      v += img[(ra + cb) * ch + k] * (1 - tr) * tc;
      v += img[(rb + ca) * ch + k] * tr * (1 - tc);
      v += img[(rb + cb) * ch + k] * tr * tc;
      out[at + k] = (float) v;
    }
  }
}
