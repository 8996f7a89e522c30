package org.ttt4j.data.corruptions;

import java.util.SplittableRandom;
import org.ttt4j.data.Image;

/**
 * Small deterministic test images with what corruptions react to: a colour gradient, saturated
 * and grey rectangles, a dark disc, pure black and white pixels, and fine texture.
 */
final class SyntheticImages {
  private SyntheticImages() {}

  static Image colour(int side, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] p = new byte[side * side * 3];
    int[][] boxes = new int[4][];
    for (int b = 0; b < boxes.length; b++) {
      int y0 = rng.nextInt(side / 2);
      int x0 = rng.nextInt(side / 2);
      boxes[b] = new int[] {
        y0, x0, y0 + 2 + rng.nextInt(side / 2), x0 + 2 + rng.nextInt(side / 2),
        rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)
      };
    }
    boxes[3][4] = boxes[3][5] = boxes[3][6] = 128; // one grey box
    double cy = side * 0.7;
    double cx = side * 0.3;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int r = 255 * x / (side - 1);
        int g = 255 * y / (side - 1);
        int bl = (x * y + rng.nextInt(32)) % 256;
        for (int[] box : boxes) {
          if (y >= box[0] && y < box[2] && x >= box[1] && x < box[3]) {
            r = box[4];
            g = box[5];
            bl = box[6];
          }
        }
        if ((y - cy) * (y - cy) + (x - cx) * (x - cx) < side * side / 36.0) {
          r = g = bl = 20;
        }
        if (y == 0) {
          r = g = bl = (x % 2 == 0) ? 0 : 255;
        }
        int i = (y * side + x) * 3;
        p[i] = (byte) r;
        p[i + 1] = (byte) g;
        p[i + 2] = (byte) bl;
      }
    }
    return new Image(side, side, 3, p);
  }

  /** The BT.601 luma (rounded) of {@link #colour}. */
  static Image grey(int side, long seed) {
    Image c = colour(side, seed);
    byte[] p = new byte[side * side];
    for (int i = 0; i < p.length; i++) {
      double y = 0.299 * c.get(i / side, i % side, 0) + 0.587 * c.get(i / side, i % side, 1)
          + 0.114 * c.get(i / side, i % side, 2);
      p[i] = (byte) Math.rint(y);
    }
    return new Image(side, side, 1, p);
  }

  /**
   * The integer-only generator shared with {@code tools/corruptions/ref_stats_colour.py}
   * ({@code synthetic(side, k)}): gradients, hashed texture, three coloured boxes and a grey one,
   * a dark disc and a 0/255 top row. Any change must be made in both places.
   */
  static Image reference(int side, int k) {
    long[][] boxes = new long[4][];
    for (int j = 0; j < 4; j++) {
      long h = mix32(k * 16L + j + 1);
      long y0 = h % (side / 2);
      long x0 = (h >>> 8) % (side / 2);
      long y1 = y0 + 2 + (h >>> 16) % (side / 2);
      long x1 = x0 + 2 + (h >>> 24) % (side / 2);
      long c = mix32(h);
      boxes[j] = j < 3
          ? new long[] {y0, x0, y1, x1, c & 255, (c >>> 8) & 255, (c >>> 16) & 255}
          : new long[] {y0, x0, y1, x1, 128, 128, 128};
    }
    byte[] p = new byte[side * side * 3];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        long r = x * 255L / (side - 1);
        long g = y * 255L / (side - 1);
        long b = (mix32(k * 1000003L + (long) y * side + x) & 31) + ((long) x * y) % 96;
        for (long[] box : boxes) {
          if (box[0] <= y && y < box[2] && box[1] <= x && x < box[3]) {
            r = box[4];
            g = box[5];
            b = box[6];
          }
        }
        int dy = y - 7 * side / 10;
        int dx = x - 3 * side / 10;
        if (dy * dy + dx * dx < side * side / 36) {
          r = g = b = 20;
        }
        if (y == 0) {
          r = g = b = (x % 2 == 0) ? 0 : 255;
        }
        int i = (y * side + x) * 3;
        p[i] = (byte) r;
        p[i + 1] = (byte) g;
        p[i + 2] = (byte) b;
      }
    }
    return new Image(side, side, 3, p);
  }

  /** lowbias32 integer hash on the low 32 bits. */
  private static long mix32(long v) {
    v &= 0xFFFFFFFFL;
    v ^= v >>> 16;
    v = (v * 0x7FEB352DL) & 0xFFFFFFFFL;
    v ^= v >>> 15;
    v = (v * 0x846CA68BL) & 0xFFFFFFFFL;
    v ^= v >>> 16;
    return v;
  }
}
