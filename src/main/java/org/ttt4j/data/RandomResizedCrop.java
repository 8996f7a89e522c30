package org.ttt4j.data;

import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomResizedCrop}: a window of random area fraction (in [minScale,
 * maxScale]) and log-uniform aspect ratio (in [minRatio, maxRatio]), tried 10 times, falling back to
 * a ratio-clamped centre crop; the window is then resized to {@code height x width}.
 *
 * @param height output rows
 * @param width output columns
 * @param minScale smallest area fraction (MAE: 0.2)
 * @param maxScale largest area fraction (1.0)
 * @param minRatio smallest width/height (3/4)
 * @param maxRatio largest width/height (4/3)
 * @param interpolation resampling of the resize (MAE: bicubic)
 */
public record RandomResizedCrop(int height, int width, double minScale, double maxScale,
    double minRatio, double maxRatio, Resize.Interpolation interpolation) {

  private static final int TRIES = 10;

  /** A crop window in input pixels. */
  public record Box(int top, int left, int height, int width) {}

  public RandomResizedCrop {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("output size must be positive, got " + height + "x" + width);
    }
    if (!(0 < minScale && minScale <= maxScale && maxScale <= 1)) {
      throw new IllegalArgumentException("scale range must satisfy 0 < min <= max <= 1, got ("
          + minScale + ", " + maxScale + ")");
    }
    if (!(0 < minRatio && minRatio <= maxRatio)) {
      throw new IllegalArgumentException("ratio range must satisfy 0 < min <= max, got ("
          + minRatio + ", " + maxRatio + ")");
    }
  }

  /** The MAE pretraining crop: scale (0.2, 1), ratio (3/4, 4/3), bicubic, square output. */
  public static RandomResizedCrop mae(int size) {
    return new RandomResizedCrop(size, size, 0.2, 1.0, 3.0 / 4.0, 4.0 / 3.0, Resize.Interpolation.BICUBIC);
  }

  /** Samples a window for an {@code imageHeight x imageWidth} input ({@code get_params}). */
  public Box sample(int imageHeight, int imageWidth, RandomGenerator rng) {
    double area = (double) imageHeight * imageWidth;
    double logMin = Math.log(minRatio);
    double logMax = Math.log(maxRatio);
    for (int t = 0; t < TRIES; t++) {
      double targetArea = area * uniform(rng, minScale, maxScale);
      double aspect = Math.exp(uniform(rng, logMin, logMax));
      int w = (int) Math.rint(Math.sqrt(targetArea * aspect)); // Python round: half to even
      int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
      if (0 < w && w <= imageWidth && 0 < h && h <= imageHeight) {
        int top = rng.nextInt(imageHeight - h + 1);
        int left = rng.nextInt(imageWidth - w + 1);
        return new Box(top, left, h, w);
      }
    }
    double inRatio = (double) imageWidth / imageHeight;
    int w;
    int h;
    if (inRatio < minRatio) {
      w = imageWidth;
      h = (int) Math.rint(w / minRatio);
    } else if (inRatio > maxRatio) {
      h = imageHeight;
      w = (int) Math.rint(h * maxRatio);
    } else {
      w = imageWidth;
      h = imageHeight;
    }
    return new Box((imageHeight - h) / 2, (imageWidth - w) / 2, h, w);
  }

  /** Samples a window, crops and resizes. */
  public Image apply(Image image, RandomGenerator rng) {
    Box b = sample(image.height(), image.width(), rng);
    Image crop = Augment.crop(image, b.top(), b.left(), b.height(), b.width());
    return Resize.resize(crop, height, width, interpolation);
  }

  private static double uniform(RandomGenerator rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
