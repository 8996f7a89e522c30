package org.ttt4j.data;

import java.util.Objects;

/**
 * An 8-bit image, stored row-major and channel-interleaved (HWC), as datasets ship it.
 *
 * <p>{@code pixels[(y * width + x) * channels + c]} is the unsigned value (0..255) of channel
 * {@code c} at row {@code y}, column {@code x}. Grey images have one channel, colour images three
 * (RGB). The tensor layer converts to float CHW; everything before the model stays uint8 so that
 * corrupted sets are exactly what the reference code produces.
 *
 * <p>The array is not copied: treat an {@code Image} as immutable once made.
 */
public record Image(int height, int width, int channels, byte[] pixels) {

  public Image {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + height + "x" + width);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "images have 1 (grey) or 3 (RGB) channels, got " + channels);
    }
    Objects.requireNonNull(pixels, "pixels");
    if (pixels.length != height * width * channels) {
      throw new IllegalArgumentException(
          "pixel array holds " + pixels.length + " bytes, but " + height + "x" + width + "x"
              + channels + " needs " + height * width * channels);
    }
  }

  /** A blank (all-zero) image of the given shape. */
  public static Image blank(int height, int width, int channels) {
    return new Image(height, width, channels, new byte[height * width * channels]);
  }

  /** The unsigned value (0..255) of channel {@code c} at ({@code y}, {@code x}). */
  public int get(int y, int x, int c) {
    return pixels[(y * width + x) * channels + c] & 0xFF;
  }

  /** Number of values, {@code height * width * channels}. */
  public int size() {
    return pixels.length;
  }

  public boolean isGrey() {
    return channels == 1;
  }
}
