package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;

/**
 * The plasma fractal of fog (spec §4.3): diamond-square on an N x N torus, N a power of two,
 * jitter amplitude {@code wib^2} with {@code wib} divided by the decay after every level, then
 * rescaled to [0, 1].
 */
final class Plasma {
  private static final double INITIAL_WIBBLE = 100.0;

  private Plasma() {}

  /** The smallest power of two that is at least {@code side} (and at least 2). */
  static int mapSizeFor(int side) {
    int n = 2;
    while (n < side) {
      n <<= 1;
    }
    return n;
  }

  /** An N x N map (row-major) in [0, 1]. Draws 3 uniform blocks per level, row-major each. */
  static double[] fractal(int n, double decay, RandomGenerator rng) {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException(
          "plasma map size must be a power of two >= 2, got " + n + "; use mapSizeFor(side)");
    }
    double[] a = new double[n * n];
    double wib = INITIAL_WIBBLE;
    for (int step = n; step >= 2; step /= 2) {
      int half = step / 2;
      int cells = n / step;
      // squares: centres from the four corners of each cell
      for (int i = 0; i < cells; i++) {
        for (int j = 0; j < cells; j++) {
          int i1 = (i + 1) % cells;
          int j1 = (j + 1) % cells;
          double s0 = corner(a, n, step, i, j) + corner(a, n, step, i1, j);
          double s1 = corner(a, n, step, i, j1) + corner(a, n, step, i1, j1);
          a[(i * step + half) * n + j * step + half] = jitter(s0 + s1, wib, rng);
        }
      }
      // diamonds: top-edge midpoints, then left-edge midpoints
      for (int i = 0; i < cells; i++) {
        for (int j = 0; j < cells; j++) {
          int im = (i - 1 + cells) % cells;
          double centres = centre(a, n, step, i, j) + centre(a, n, step, im, j);
          double corners = corner(a, n, step, i, j) + corner(a, n, step, i, (j + 1) % cells);
          a[i * step * n + j * step + half] = jitter(centres + corners, wib, rng);
        }
      }
      for (int i = 0; i < cells; i++) {
        for (int j = 0; j < cells; j++) {
          int jm = (j - 1 + cells) % cells;
          double centres = centre(a, n, step, i, j) + centre(a, n, step, i, jm);
          double corners = corner(a, n, step, i, j) + corner(a, n, step, (i + 1) % cells, j);
          a[(i * step + half) * n + j * step] = jitter(centres + corners, wib, rng);
        }
      }
      wib /= decay;
    }
    double min = Double.POSITIVE_INFINITY;
    for (double v : a) {
      min = Math.min(min, v);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < a.length; i++) {
      a[i] -= min;
      max = Math.max(max, a[i]);
    }
    for (int i = 0; i < a.length; i++) {
      a[i] /= max;
    }
    return a;
  }

  private static double corner(double[] a, int n, int step, int i, int j) {
    return a[i * step * n + j * step];
  }

  private static double centre(double[] a, int n, int step, int i, int j) {
    int half = step / 2;
    return a[(i * step + half) * n + j * step + half];
  }

  /** {@code v / 4 + wib * U(-wib, wib)}: the noise amplitude is wib squared (§10.5). */
  private static double jitter(double v, double wib, RandomGenerator rng) {
    return v / 4 + wib * (-wib + 2 * wib * rng.nextDouble());
  }
}
