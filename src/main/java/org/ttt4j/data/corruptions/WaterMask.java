package org.ttt4j.data.corruptions;

import java.util.ArrayDeque;
import org.ttt4j.data.corruptions.Filters.Border;

/**
 * The "water" texture of spatter (spec §5.6), OpenCV step by step on an 8-bit liquid layer:
 * Canny(50, 150) edges, L2 5x5 chamfer distance to the nearest edge truncated at 20, 3x3 box blur
 * to uint8, histogram equalisation, a 3x3 emboss into uint8, and a final 3x3 box blur.
 */
final class WaterMask {
  private static final int CANNY_LOW = 50;
  private static final int CANNY_HIGH = 150;
  private static final int CANNY_SHIFT = 15;
  private static final int TG22 = (int) (0.4142135623730950488016887242097 * (1 << CANNY_SHIFT) + 0.5);
  private static final int DIST_SHIFT = 16;
  private static final long HV_DIST = Math.round(1.0f * (1 << DIST_SHIFT));
  private static final long DIAG_DIST = Math.round((double) 1.4f * (1 << DIST_SHIFT));
  private static final long LONG_DIST = Math.round((double) 2.1969f * (1 << DIST_SHIFT));
  private static final long DIST_MAX = Integer.MAX_VALUE >> 2;
  private static final float DIST_TRUNC = 20f;
  private static final int[] EMBOSS = {-2, -1, 0, -1, 1, 1, 0, 1, 2};

  private WaterMask() {}

  /** The final 8-bit mask (values 0..255, row-major). */
  static int[] of(int[] liquid8, int h, int w) {
    boolean[] edge = canny(liquid8, h, w);
    float[] dist = distanceToEdges(edge, h, w);
    int[] d8 = new int[dist.length];
    double[] blurred = boxBlur3(toDouble(dist), h, w);
    for (int i = 0; i < d8.length; i++) {
      d8[i] = (int) (float) blurred[i]; // float32 box blur, astype(uint8)
    }
    int[] equalised = equalizeHist(d8);
    int[] embossed = new int[equalised.length];
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        int sum = 0;
        for (int t = 0; t < 9; t++) {
          int rr = Border.REFLECT_101.index(r + t / 3 - 1, h);
          int qq = Border.REFLECT_101.index(q + t % 3 - 1, w);
          sum += EMBOSS[t] * equalised[rr * w + qq];
        }
        embossed[r * w + q] = Math.max(0, Math.min(255, sum));
      }
    }
    double[] out = boxBlur3(toDouble(embossed), h, w);
    int[] mask = new int[out.length];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = (int) Math.rint(out[i]); // 8-bit box blur rounds; sum/9 never ties
    }
    return mask;
  }

  /** OpenCV Canny, aperture 3, L1 gradient, replicated border for the Sobel step. */
  static boolean[] canny(int[] v, int h, int w) {
    int[] gx = new int[h * w];
    int[] gy = new int[h * w];
    int[] mag = new int[(h + 2) * (w + 2)]; // zero frame around the magnitudes
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        int up = Border.NEAREST.index(r - 1, h) * w;
        int mid = r * w;
        int down = Border.NEAREST.index(r + 1, h) * w;
        int left = Border.NEAREST.index(q - 1, w);
        int right = Border.NEAREST.index(q + 1, w);
        int dx = (v[up + right] + 2 * v[mid + right] + v[down + right])
            - (v[up + left] + 2 * v[mid + left] + v[down + left]);
        int dy = (v[down + left] + 2 * v[down + q] + v[down + right])
            - (v[up + left] + 2 * v[up + q] + v[up + right]);
        gx[r * w + q] = dx;
        gy[r * w + q] = dy;
        mag[(r + 1) * (w + 2) + q + 1] = Math.abs(dx) + Math.abs(dy);
      }
    }
    // 0 = maybe edge, 1 = not an edge, 2 = edge
    byte[] map = new byte[h * w];
    ArrayDeque<Integer> stack = new ArrayDeque<>();
    int ms = w + 2;
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        int j = (r + 1) * ms + q + 1;
        int m = mag[j];
        map[r * w + q] = 1;
        if (m > CANNY_LOW && isLocalMax(m, gx[r * w + q], gy[r * w + q], mag, j, ms)) {
          if (m > CANNY_HIGH) {
            map[r * w + q] = 2;
            stack.push(r * w + q);
          } else {
            map[r * w + q] = 0;
          }
        }
      }
    }
    while (!stack.isEmpty()) {
      int p = stack.pop();
      int r = p / w;
      int q = p % w;
      for (int dr = -1; dr <= 1; dr++) {
        for (int dq = -1; dq <= 1; dq++) {
          int rr = r + dr;
          int qq = q + dq;
          if (rr >= 0 && rr < h && qq >= 0 && qq < w && map[rr * w + qq] == 0) {
            map[rr * w + qq] = 2;
            stack.push(rr * w + qq);
          }
        }
      }
    }
    boolean[] edge = new boolean[h * w];
    for (int i = 0; i < edge.length; i++) {
      edge[i] = map[i] == 2;
    }
    return edge;
  }

  /** OpenCV's non-maximum suppression with fixed-point tan(22.5) and tan(67.5) sectors. */
  private static boolean isLocalMax(int m, int xs, int ys, int[] mag, int j, int ms) {
    int x = Math.abs(xs);
    int y = Math.abs(ys) << CANNY_SHIFT;
    int tg22x = x * TG22;
    if (y < tg22x) {
      return m > mag[j - 1] && m >= mag[j + 1];
    }
    int tg67x = tg22x + (x << (CANNY_SHIFT + 1));
    if (y > tg67x) {
      return m > mag[j - ms] && m >= mag[j + ms];
    }
    int s = (xs ^ ys) < 0 ? -1 : 1;
    return m > mag[j - ms - s] && m > mag[j + ms + s];
  }

  /** OpenCV distanceTransform(DIST_L2, 5): 5x5 chamfer (1, 1.4, 2.1969) in 16-bit fixed point. */
  static float[] distanceToEdges(boolean[] edge, int h, int w) {
    int b = 2;
    int tw = w + 2 * b;
    long[] t = new long[(h + 2 * b) * tw];
    java.util.Arrays.fill(t, DIST_MAX);
    int[][] fwd = {{-2, -1}, {-2, 1}, {-1, -2}, {-1, -1}, {-1, 0}, {-1, 1}, {-1, 2}, {0, -1}};
    long[] cost = {LONG_DIST, LONG_DIST, LONG_DIST, DIAG_DIST, HV_DIST, DIAG_DIST, LONG_DIST, HV_DIST};
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        int j = (r + b) * tw + q + b;
        if (edge[r * w + q]) {
          t[j] = 0; // distance is measured to the zero pixels of 255 - edges
        } else {
          long best = Long.MAX_VALUE;
          for (int k = 0; k < fwd.length; k++) {
            best = Math.min(best, t[j + fwd[k][0] * tw + fwd[k][1]] + cost[k]);
          }
          t[j] = best;
        }
      }
    }
    float scale = 1f / (1 << DIST_SHIFT);
    float[] d = new float[h * w];
    for (int r = h - 1; r >= 0; r--) {
      for (int q = w - 1; q >= 0; q--) {
        int j = (r + b) * tw + q + b;
        long t0 = t[j];
        if (t0 > HV_DIST) {
          for (int k = 0; k < fwd.length; k++) {
            t0 = Math.min(t0, t[j - fwd[k][0] * tw - fwd[k][1]] + cost[k]);
          }
          t[j] = t0;
        }
        d[r * w + q] = Math.min((float) (t0 * scale), DIST_TRUNC); // threshold(20, TRUNC)
      }
    }
    return d;
  }

  /** OpenCV equalizeHist. */
  static int[] equalizeHist(int[] v) {
    int[] hist = new int[256];
    for (int x : v) {
      hist[x]++;
    }
    int first = 0;
    while (hist[first] == 0) {
      first++;
    }
    int[] out = new int[v.length];
    if (hist[first] == v.length) {
      java.util.Arrays.fill(out, first);
      return out;
    }
    float scale = 255f / (v.length - hist[first]);
    int[] lut = new int[256];
    int sum = 0;
    for (int i = first + 1; i < 256; i++) {
      sum += hist[i];
      lut[i] = Math.max(0, Math.min(255, (int) Math.rint(sum * scale)));
    }
    for (int i = 0; i < v.length; i++) {
      out[i] = lut[v[i]];
    }
    return out;
  }

  /** Normalised 3x3 box filter, reflect101 borders, in double. */
  private static double[] boxBlur3(double[] v, int h, int w) {
    double[] out = new double[v.length];
    for (int r = 0; r < h; r++) {
      for (int q = 0; q < w; q++) {
        double sum = 0;
        for (int dr = -1; dr <= 1; dr++) {
          int rr = Border.REFLECT_101.index(r + dr, h);
          for (int dq = -1; dq <= 1; dq++) {
            sum += v[rr * w + Border.REFLECT_101.index(q + dq, w)];
          }
        }
        out[r * w + q] = sum * (1.0 / 9);
      }
    }
    return out;
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static double[] toDouble(int[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
