package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;

/**
 * Weather corruptions, spec §4: snow, frost, fog and (extra) spatter; brightness lives in {@link
 * Digital}. Each method starts with its parameter table, one row per {@link ParamTable},
 * severities 1..5 left to right.
 */
final class Weather {
  private Weather() {}

  /** §4.1: zoomed, thresholded normal field, ImageMagick streak, added twice (once rotated). */
  static Image snow(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    // (loc, scale, zoom, threshold, blur radius, blur sigma, blend)
    double[][] params = switch (t) {
      case T224 -> new double[][] {{0.1, 0.3, 3, 0.5, 10, 4, 0.8}, {0.2, 0.3, 2, 0.5, 12, 4, 0.7}, {0.55, 0.3, 4, 0.9, 12, 8, 0.7}, {0.55, 0.3, 4.5, 0.85, 12, 8, 0.65}, {0.55, 0.3, 2.5, 0.85, 12, 12, 0.55}};
      case T64 -> new double[][] {{0.1, 0.2, 1, 0.6, 8, 3, 0.8}, {0.1, 0.2, 1, 0.5, 10, 4, 0.8}, {0.15, 0.3, 1.75, 0.55, 10, 4, 0.7}, {0.25, 0.3, 2.25, 0.6, 12, 6, 0.65}, {0.3, 0.3, 1.25, 0.65, 14, 12, 0.6}};
      case T32 -> new double[][] {{0.1, 0.2, 1, 0.6, 8, 3, 0.95}, {0.1, 0.2, 1, 0.5, 10, 4, 0.9}, {0.15, 0.3, 1.75, 0.55, 10, 4, 0.9}, {0.25, 0.3, 2.25, 0.6, 12, 6, 0.85}, {0.3, 0.3, 1.25, 0.65, 14, 12, 0.8}};
    };
    double[] c = params[s.index()];
    int h = x.height();
    int w = x.width();
    int ch = x.channels();
    double[] layer = new double[h * w];
    for (int i = 0; i < layer.length; i++) {
      layer[i] = c[0] + c[1] * rng.nextGaussian();
    }
    layer = Filters.clippedZoom(layer, h, w, 1, c[2]);
    int[] snow8 = new int[layer.length];
    for (int i = 0; i < layer.length; i++) {
      double v = layer[i] < c[3] ? 0 : layer[i];
      snow8[i] = (int) ((v > 1 ? 1 : v) * 255); // PIL 'L' image of uint8(clip01 * 255)
    }
    double angle = -135.0 + 90.0 * rng.nextDouble();
    int[] streak = new MotionStreak(c[4], c[5], angle).apply(snow8, h, w, 1);
    float blend = (float) c[6];
    float rest = (float) (1 - c[6]);
    double[] image = Pixels.toUnitFloat(x);
    double[] out = new double[image.length];
    for (int p = 0; p < h * w; p++) {
      float grey = ch == 1 ? (float) image[p] : greyOf(image, p * 3);
      float lifted = grey * 1.5f + 0.5f;
      for (int k = 0; k < ch; k++) {
        float v = (float) image[p * ch + k];
        float mixed = blend * v + rest * Math.max(v, lifted);
        // x + layer + rot180(layer), in float64 as numpy promotes
        out[p * ch + k] = (double) mixed + streak[p] / 255.0 + streak[h * w - 1 - p] / 255.0;
      }
    }
    return Pixels.fromUnit(out, x);
  }

  /** §4.2: blend with a random crop of one of five frost textures (0..255 scale). */
  static Image frost(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    // (image weight, frost weight); texture pre-scale per table
    double[][] weights = switch (t) {
      case T224 -> new double[][] {{1, 0.4}, {0.8, 0.6}, {0.7, 0.7}, {0.65, 0.7}, {0.6, 0.75}};
      case T64 -> new double[][] {{1, 0.3}, {0.9, 0.4}, {0.8, 0.45}, {0.75, 0.5}, {0.7, 0.55}};
      case T32 -> new double[][] {{1, 0.2}, {1, 0.3}, {0.9, 0.4}, {0.85, 0.4}, {0.75, 0.45}};
    };
    double scale = switch (t) {
      case T224 -> 1.0;
      case T64 -> 0.3;
      case T32 -> 0.2;
    };
    double[] c = weights[s.index()];
    int index = rng.nextInt(5); // randint(5): frost6 is never used (§10.2)
    FrostTextures.Texture tex = FrostTextures.get(index, scale, x.isGrey());
    int h = x.height();
    int w = x.width();
    if (tex.height() <= h || tex.width() <= w) {
      throw new IllegalArgumentException(
          "frost texture " + (index + 1) + " pre-scaled by " + scale + " (table " + t + ") is "
              + tex.height() + "x" + tex.width() + ", too small for a " + h + "x" + w + " image;"
              + " frost needs images smaller than 63x105 with T32, 94x158 with T64 and 315x527"
              + " with T224, so pass a table with larger textures");
    }
    int r0 = rng.nextInt(tex.height() - h); // the last offset is never drawn (§10.2)
    int c0 = rng.nextInt(tex.width() - w);
    int ch = x.channels();
    byte[] out = new byte[x.size()];
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        int src = ((r0 + r) * tex.width() + (c0 + q)) * ch;
        for (int k = 0; k < ch; k++) {
          int i = (r * w + q) * ch + k;
          double v = c[0] * (x.pixels()[i] & 0xFF) + c[1] * tex.values()[src + k];
          out[i] = (byte) Pixels.truncateToByte(v);
        }
      }
    }
    return new Image(h, w, ch, out);
  }

  /** §4.3: add a plasma fractal (top-left crop of the next power-of-two map), rescale. */
  static Image fog(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    // (fog strength, plasma wibble decay)
    double[][] params = switch (t) {
      case T224 -> new double[][] {{1.5, 2}, {2, 2}, {2.5, 1.7}, {2.5, 1.5}, {3, 1.4}};
      case T64 -> new double[][] {{0.4, 3}, {0.7, 3}, {1, 2.5}, {1.5, 2}, {2, 1.75}};
      case T32 -> new double[][] {{0.2, 3}, {0.5, 3}, {0.75, 2.5}, {1, 2}, {1.5, 1.75}};
    };
    double[] c = params[s.index()];
    int h = x.height();
    int w = x.width();
    int ch = x.channels();
    int n = Plasma.mapSizeFor(Math.max(h, w));
    double[] plasma = Plasma.fractal(n, c[1], rng);
    double[] image = Pixels.toUnit(x);
    double max = 0;
    for (double v : image) {
      max = Math.max(max, v);
    }
    double[] out = new double[image.length];
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        double fog = c[0] * plasma[r * n + q];
        for (int k = 0; k < ch; k++) {
          int i = (r * w + q) * ch + k;
          out[i] = (image[i] + fog) * max / (max + c[0]);
        }
      }
    }
    return Pixels.fromUnit(out, x);
  }

  /** §5.6 (extra): water (turquoise, Canny-edged) or mud (brown) spatter. */
  static Image spatter(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    // (loc, scale, blur sigma, threshold, intensity / mud sigma, mode 0 = water 1 = mud)
    double[][] params = switch (t) {
      case T224 -> new double[][] {{0.65, 0.3, 4, 0.69, 0.6, 0}, {0.65, 0.3, 3, 0.68, 0.6, 0}, {0.65, 0.3, 2, 0.68, 0.5, 0}, {0.65, 0.3, 1, 0.65, 1.5, 1}, {0.67, 0.4, 1, 0.65, 1.5, 1}};
      case T64 -> new double[][] {{0.62, 0.1, 0.7, 0.7, 0.6, 0}, {0.65, 0.1, 0.8, 0.7, 0.6, 0}, {0.65, 0.3, 1, 0.69, 0.6, 0}, {0.65, 0.1, 0.7, 0.68, 0.6, 1}, {0.65, 0.1, 0.5, 0.67, 0.6, 1}};
      case T32 -> new double[][] {{0.62, 0.1, 0.7, 0.7, 0.5, 0}, {0.65, 0.1, 0.8, 0.7, 0.5, 0}, {0.65, 0.3, 1, 0.69, 0.5, 0}, {0.65, 0.1, 0.7, 0.69, 0.6, 1}, {0.65, 0.1, 0.5, 0.68, 0.6, 1}};
    };
    return Spatter.apply(x, params[s.index()], rng);
  }

  /** OpenCV RGB2GRAY on float32: {@code 0.299 R + 0.587 G + 0.114 B}. */
  private static float greyOf(double[] rgb, int at) {
    return 0.299f * (float) rgb[at] + 0.587f * (float) rgb[at + 1] + 0.114f * (float) rgb[at + 2];
  }
}
