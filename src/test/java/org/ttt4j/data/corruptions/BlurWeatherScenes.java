package org.ttt4j.data.corruptions;

import java.util.SplittableRandom;
import org.ttt4j.data.Image;

/** Test scenes for the blur, weather and elastic tests: a textured RGB scene and a garment-like grey silhouette. */
final class BlurWeatherScenes {
  private BlurWeatherScenes() {}

  /** Smooth colour gradients plus random rectangles, so blurs and warps have edges to move. */
  static Image texturedRgb(int side, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] p = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int i = (y * side + x) * 3;
        p[i] = (byte) (255 * x / side);
        p[i + 1] = (byte) (255 * y / side);
        p[i + 2] = (byte) (128 + 100 * Math.sin(0.3 * (x + y)));
      }
    }
    for (int r = 0; r < 6; r++) {
      int y0 = rng.nextInt(side);
      int x0 = rng.nextInt(side);
      int size = 1 + rng.nextInt(Math.max(1, side / 3));
      int[] colour = {rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)};
      for (int y = y0; y < Math.min(side, y0 + size); y++) {
        for (int x = x0; x < Math.min(side, x0 + size); x++) {
          for (int k = 0; k < 3; k++) {
            p[(y * side + x) * 3 + k] = (byte) colour[k];
          }
        }
      }
    }
    return new Image(side, side, 3, p);
  }

  /** A bright, textured ellipse on an exactly black background, like a Fashion-MNIST item. */
  static Image garmentLikeGrey(int side, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] p = new byte[side * side];
    double cy = side / 2.0;
    double cx = side / 2.0;
    double ry = side * (0.3 + 0.1 * rng.nextDouble());
    double rx = side * (0.2 + 0.1 * rng.nextDouble());
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double d = Math.pow((y - cy) / ry, 2) + Math.pow((x - cx) / rx, 2);
        if (d <= 1) {
          p[y * side + x] = (byte) (120 + rng.nextInt(136));
        }
      }
    }
    return new Image(side, side, 1, p);
  }

  /** Mean absolute difference between two images of the same shape. */
  static double mad(Image a, Image b) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      sum += Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF));
    }
    return sum / a.size();
  }
}
