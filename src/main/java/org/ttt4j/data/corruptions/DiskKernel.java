package org.ttt4j.data.corruptions;

import org.ttt4j.data.corruptions.Filters.Border;

/**
 * The anti-aliased disk of defocus_blur (spec §3.1), stored as its non-zero taps, and its 2-D
 * correlation with reflect101 borders (OpenCV {@code filter2D}).
 *
 * <p>The disk lives on a fixed 17x17 grid with a 3x3 anti-alias blur for radius &lt;= 8, on a
 * {@code (2r+1)^2} grid with a 5x5 blur above. The blur is OpenCV {@code GaussianBlur} in float32
 * with reflect101 borders and is not renormalised (§10.9).
 */
final class DiskKernel {
  private static final int SMALL_GRID_HALF = 8;

  private final int[] dy;
  private final int[] dx;
  private final double[] weight;
  /** Largest |dy| or |dx| of a non-zero tap: the padding the correlation needs. */
  private final int reach;

  private DiskKernel(int[] dy, int[] dx, double[] weight, int reach) {
    this.dy = dy;
    this.dx = dx;
    this.weight = weight;
    this.reach = reach;
  }

  static DiskKernel of(double radius, double aliasSigma) {
    int half = radius <= SMALL_GRID_HALF ? SMALL_GRID_HALF : (int) radius;
    int ksize = radius <= SMALL_GRID_HALF ? 3 : 5;
    int n = 2 * half + 1;
    float[] disk = new float[n * n];
    float count = 0;
    for (int i = -half; i <= half; i++) {
      for (int j = -half; j <= half; j++) {
        if (i * i + j * j <= radius * radius) {
          disk[(i + half) * n + (j + half)] = 1f;
          count += 1f;
        }
      }
    }
    for (int i = 0; i < disk.length; i++) {
      disk[i] /= count;
    }
    float[] g = openCvGaussian(ksize, aliasSigma);
    float[] rows = separable(disk, n, g, true);
    float[] k = separable(rows, n, g, false);
    int taps = 0;
    for (float v : k) {
      taps += v != 0f ? 1 : 0;
    }
    int[] dy = new int[taps];
    int[] dx = new int[taps];
    double[] weight = new double[taps];
    int t = 0;
    int reach = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        float v = k[i * n + j];
        if (v != 0f) {
          dy[t] = i - half;
          dx[t] = j - half;
          weight[t] = v;
          reach = Math.max(reach, Math.max(Math.abs(dy[t]), Math.abs(dx[t])));
          t++;
        }
      }
    }
    return new DiskKernel(dy, dx, weight, reach);
  }

  /** OpenCV {@code getGaussianKernel(n, sigma, CV_32F)}: computed in double, stored as float. */
  private static float[] openCvGaussian(int n, double sigma) {
    double[] d = new double[n];
    double scale = -0.5 / (sigma * sigma);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = i - (n - 1) * 0.5;
      d[i] = Math.exp(scale * x * x);
      sum += d[i];
    }
    sum = 1.0 / sum;
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) (d[i] * sum);
    }
    return f;
  }

  /** One float32 pass of a separable filter over an n x n kernel image, reflect101 borders. */
  private static float[] separable(float[] src, int n, float[] g, boolean alongRows) {
    int r = g.length / 2;
    float[] out = new float[src.length];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        float acc = 0f;
        for (int t = -r; t <= r; t++) {
          int jj = Border.REFLECT_101.index(j + t, n);
          acc += g[t + r] * (alongRows ? src[i * n + jj] : src[jj * n + i]);
        }
        out[alongRows ? i * n + j : j * n + i] = acc;
      }
    }
    return out;
  }

  /** {@code y = correlate2d(x, K)} per channel, reflect101 borders, anchor at the centre. */
  double[] correlate(double[] x, int h, int w, int c) {
    int ph = h + 2 * reach;
    int pw = w + 2 * reach;
    int[] rowIndex = new int[ph];
    int[] colIndex = new int[pw];
    for (int i = 0; i < ph; i++) {
      rowIndex[i] = Border.REFLECT_101.index(i - reach, h);
    }
    for (int j = 0; j < pw; j++) {
      colIndex[j] = Border.REFLECT_101.index(j - reach, w);
    }
    double[] out = new double[x.length];
    double[] padded = new double[ph * pw];
    int[] offset = new int[weight.length];
    for (int t = 0; t < weight.length; t++) {
      offset[t] = (dy[t] + reach) * pw + (dx[t] + reach);
    }
    for (int k = 0; k < c; k++) {
      for (int i = 0; i < ph; i++) {
        for (int j = 0; j < pw; j++) {
          padded[i * pw + j] = x[(rowIndex[i] * w + colIndex[j]) * c + k];
        }
      }
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          int base = i * pw + j;
          double acc = 0;
          for (int t = 0; t < offset.length; t++) {
            acc += weight[t] * padded[base + offset[t]];
          }
          out[(i * w + j) * c + k] = acc;
        }
      }
    }
    return out;
  }
}
