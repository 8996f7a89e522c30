package org.ttt4j.data;

import java.util.random.RandomGenerator;

/**
 * The deterministic crops and flips of torchvision on uint8 images, plus {@link #toFloatCHW}.
 * Random variants take the generator explicitly. See {@link RandomResizedCrop} and {@link Resize}.
 */
public final class Augment {

  private Augment() {}

  /** The {@code height x width} window at ({@code top}, {@code left}); it must lie inside the image. */
  public static Image crop(Image image, int top, int left, int height, int width) {
    if (top < 0 || left < 0 || height <= 0 || width <= 0
        || top + height > image.height() || left + width > image.width()) {
      throw new IllegalArgumentException("crop " + height + "x" + width + " at (" + top + ", " + left
          + ") does not fit in a " + image.height() + "x" + image.width() + " image");
    }
    int c = image.channels();
    byte[] out = new byte[height * width * c];
    for (int y = 0; y < height; y++) {
      System.arraycopy(image.pixels(), ((top + y) * image.width() + left) * c, out, y * width * c, width * c);
    }
    return new Image(height, width, c, out);
  }

  /**
   * torchvision's {@code CenterCrop}: offsets {@code round((H - h) / 2)} with Python's round (half to
   * even). A crop larger than the image is an error (torchvision would pad).
   */
  public static Image centerCrop(Image image, int height, int width) {
    if (height > image.height() || width > image.width()) {
      throw new IllegalArgumentException("center crop " + height + "x" + width + " is larger than the "
          + image.height() + "x" + image.width() + " image; resize first");
    }
    int top = (int) Math.rint((image.height() - height) / 2.0);
    int left = (int) Math.rint((image.width() - width) / 2.0);
    return crop(image, top, left, height, width);
  }

  /** Mirror left-right. */
  public static Image horizontalFlip(Image image) {
    int h = image.height();
    int w = image.width();
    int c = image.channels();
    byte[] src = image.pixels();
    byte[] out = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(src, (y * w + x) * c, out, (y * w + (w - 1 - x)) * c, c);
      }
    }
    return new Image(h, w, c, out);
  }

  /** torchvision's {@code RandomHorizontalFlip(p)}: flips when a uniform draw is below {@code p}. */
  public static Image randomHorizontalFlip(Image image, double p, RandomGenerator rng) {
    return rng.nextDouble() < p ? horizontalFlip(image) : image;
  }

  /** {@code ToTensor()} + {@code Normalize}: float CHW. Same as {@code normalize.toFloatCHW(image)}. */
  public static float[] toFloatCHW(Image image, Normalize normalize) {
    return normalize.toFloatCHW(image);
  }
}
