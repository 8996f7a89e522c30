package org.ttt4j.data.corruptions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;
import org.ttt4j.data.corruptions.Filters.Border;

/**
 * Blur corruptions, spec §3: defocus, glass, motion, zoom and (extra) gaussian blur. Each method
 * starts with its parameter table, one row per {@link ParamTable}, severities 1..5 left to right.
 */
final class Blur {
  private static final double SKIMAGE_TRUNCATE = 4.0;
  private static final Map<DiskKey, DiskKernel> DISKS = new ConcurrentHashMap<>();

  private Blur() {}

  /** §3.1: correlate with an anti-aliased disk, reflect101 borders. Deterministic. */
  static Image defocus(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double[][] radiusAlias = switch (t) {
      case T224 -> new double[][] {{3, 0.1}, {4, 0.5}, {6, 0.5}, {8, 0.5}, {10, 0.5}};
      case T64 -> new double[][] {{0.5, 0.6}, {1, 0.1}, {1.5, 0.1}, {2.5, 0.01}, {3, 0.1}};
      case T32 -> new double[][] {{0.3, 0.4}, {0.4, 0.5}, {0.5, 0.6}, {1, 0.2}, {1.5, 0.1}};
    };
    double[] c = radiusAlias[s.index()];
    DiskKernel disk =
        DISKS.computeIfAbsent(new DiskKey(c[0], c[1]), k -> DiskKernel.of(k.radius(), k.alias()));
    return Pixels.fromUnit(disk.correlate(Pixels.toUnit(x), x.height(), x.width(), x.channels()), x);
  }

  /** §3.2: Gaussian, uint8 truncation, local one-way pixel copies, Gaussian again. */
  static Image glass(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double[][] sigmaDeltaIterations = switch (t) {
      case T224 -> new double[][] {{0.7, 1, 2}, {0.9, 2, 1}, {1, 2, 3}, {1.1, 3, 2}, {1.5, 4, 2}};
      case T64 -> new double[][] {{0.1, 1, 1}, {0.5, 1, 1}, {0.6, 1, 2}, {0.7, 2, 1}, {0.9, 2, 2}};
      case T32 -> new double[][] {{0.05, 1, 1}, {0.25, 1, 1}, {0.4, 1, 1}, {0.25, 1, 2}, {0.4, 1, 2}};
    };
    double[] c = sigmaDeltaIterations[s.index()];
    double sigma = c[0];
    int d = (int) c[1];
    int iterations = (int) c[2];
    int h = x.height();
    int w = x.width();
    int ch = x.channels();
    double[] g = Filters.gaussian(Pixels.toUnit(x), h, w, ch, sigma, SKIMAGE_TRUNCATE, Border.NEAREST);
    for (int i = 0; i < g.length; i++) {
      g[i] = Pixels.truncateToByte(g[i] * 255.0); // np.uint8(gaussian(...) * 255)
    }
    for (int it = 0; it < iterations; it++) {
      // Bottom-right to top-left; rows/columns outside [d+1, side-d] are never written (§10.1).
      for (int row = h - d; row > d; row--) {
        for (int col = w - d; col > d; col--) {
          int dx = rng.nextInt(-d, d); // numpy randint(-d, d): upper bound exclusive
          int dy = rng.nextInt(-d, d);
          int dst = (row * w + col) * ch;
          int src = ((row + dy) * w + (col + dx)) * ch;
          System.arraycopy(g, src, g, dst, ch); // the reference's "swap" is a one-way copy
        }
      }
    }
    for (int i = 0; i < g.length; i++) {
      g[i] /= 255.0;
    }
    return Pixels.fromUnit(Filters.gaussian(g, h, w, ch, sigma, SKIMAGE_TRUNCATE, Border.NEAREST), x);
  }

  /** §3.3: ImageMagick motion blur at a random angle in [-45, 45) degrees. */
  static Image motion(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double[][] radiusSigma = switch (t) {
      case T224 -> new double[][] {{10, 3}, {15, 5}, {15, 8}, {15, 12}, {20, 15}};
      case T64 -> new double[][] {{10, 1}, {10, 1.5}, {10, 2}, {10, 2.5}, {12, 3}};
      case T32 -> new double[][] {{6, 1}, {6, 1.5}, {6, 2}, {8, 2}, {9, 2.5}};
    };
    double[] c = radiusSigma[s.index()];
    double angle = -45.0 + 90.0 * rng.nextDouble();
    MotionStreak streak = new MotionStreak(c[0], c[1], angle);
    byte[] p = x.pixels();
    int[] v = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      v[i] = p[i] & 0xFF;
    }
    int[] blurred = streak.apply(v, x.height(), x.width(), x.channels());
    byte[] out = new byte[p.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) blurred[i];
    }
    return new Image(x.height(), x.width(), x.channels(), out);
  }

  /** §3.4: average of the image and its clipped zooms (float32 arithmetic). Deterministic. */
  static Image zoom(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double[][] stopStep = switch (t) {
      case T224 -> new double[][] {{1.11, 0.01}, {1.16, 0.01}, {1.21, 0.02}, {1.26, 0.02}, {1.31, 0.03}};
      case T64, T32 -> new double[][] {{1.06, 0.01}, {1.11, 0.01}, {1.16, 0.01}, {1.21, 0.01}, {1.26, 0.01}};
    };
    double[] zooms = Filters.arangeFromOne(stopStep[s.index()][0], stopStep[s.index()][1]);
    int h = x.height();
    int w = x.width();
    int ch = x.channels();
    double[] image = Pixels.toUnitFloat(x);
    float[] acc = new float[image.length];
    for (double z : zooms) {
      double[] zoomed = Filters.clippedZoom(image, h, w, ch, z);
      for (int i = 0; i < acc.length; i++) {
        acc[i] += (float) zoomed[i];
      }
    }
    float count = zooms.length + 1;
    double[] out = new double[image.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((float) image[i] + acc[i]) / count;
    }
    return Pixels.fromUnitFloat(out, x);
  }

  /** §3.5 (extra): scikit-image Gaussian blur. Deterministic. */
  static Image gaussian(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double[] sigmas = switch (t) {
      case T224 -> new double[] {1, 2, 3, 4, 6};
      case T64 -> new double[] {0.5, 0.75, 1, 1.25, 1.5};
      case T32 -> new double[] {0.4, 0.6, 0.7, 0.8, 1};
    };
    double[] y = Filters.gaussian(
        Pixels.toUnit(x), x.height(), x.width(), x.channels(), sigmas[s.index()],
        SKIMAGE_TRUNCATE, Border.NEAREST);
    return Pixels.fromUnit(y, x);
  }

  private record DiskKey(double radius, double alias) {}
}
