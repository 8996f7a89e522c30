package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.Image;
import org.ttt4j.data.corruptions.Filters.Border;

/** The shared numeric pieces (spec §0.7, §0.8, §1.2, §3.4). */
class FiltersTest {
  @Test
  void gaussianWeightsSumToOneAndMatchHandValues() {
    // sigma 1, truncate 1: r = int(1.5) = 1, weights e^-0.5, 1, e^-0.5 over 1 + 2 e^-0.5
    double e = Math.exp(-0.5);
    assertArrayEquals(
        new double[] {e / (1 + 2 * e), 1 / (1 + 2 * e), e / (1 + 2 * e)},
        Filters.gaussianWeights(1.0, 1.0), 1e-15);
    assertArrayEquals(new double[] {0.27406862, 0.45186276, 0.27406862},
        Filters.gaussianWeights(1.0, 1.0), 1e-8);
    for (double sigma : new double[] {0.05, 0.4, 1, 3, 170.8}) {
      double[] w = Filters.gaussianWeights(sigma, 4.0);
      assertEquals(2 * (int) (4 * sigma + 0.5) + 1, w.length);
      assertEquals(1.0, Arrays.stream(w).sum(), 1e-12);
    }
  }

  @Test
  void gaussianOfAnImpulseOnOneRowIsTheKernelWithNearestBorders() {
    // 1 x 3 image [0, 1, 0]: the one-row axis is a no-op, the column pass gives the weights
    double[] w = Filters.gaussianWeights(1.0, 1.0);
    double[] y = Filters.gaussian(new double[] {0, 1, 0}, 1, 3, 1, 1.0, 1.0, Border.NEAREST);
    assertArrayEquals(new double[] {w[2], w[1], w[0]}, y, 1e-15);
    // an edge value next to the border: nearest repeats it, [1, 0, 0] -> (w0 + w1, w2, 0)
    y = Filters.gaussian(new double[] {1, 0, 0}, 1, 3, 1, 1.0, 1.0, Border.NEAREST);
    assertArrayEquals(new double[] {w[0] + w[1], w[2], 0}, y, 1e-15);
  }

  @Test
  void zeroSigmaLeavesTheImageUnchanged() {
    double[] x = {0.1, 0.2, 0.3, 0.4};
    assertArrayEquals(x, Filters.gaussian(x, 2, 2, 1, 0.0, 4.0, Border.NEAREST), 0.0);
  }

  @Test
  void borderModesFoldIndicesAsTheSpecDraws() {
    int[] positions = {-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8};
    // signal a b c d (n = 4)
    assertFolds(Border.REFLECT_101, new int[] {1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2}, positions);
    assertFolds(Border.SYMMETRIC, new int[] {3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0}, positions);
    assertFolds(Border.NEAREST, new int[] {0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3}, positions);
    assertEquals(0, Border.REFLECT_101.index(-3, 1));
    assertEquals(0, Border.SYMMETRIC.index(5, 1));
  }

  @Test
  void arangeCountsAndIncrementsLikeNumpy() {
    double[] z = Filters.arangeFromOne(1.26, 0.01);
    assertEquals(26, z.length);
    assertEquals(1.2500000000000002, z[25], 0.0); // not 1.25: round(26 z) = 33 (§1.2)
    assertEquals(12, Filters.arangeFromOne(1.11, 0.01).length); // includes 1.11
    assertEquals(7, Filters.arangeFromOne(1.06, 0.01).length); // includes 1.06
    assertEquals(16, Filters.arangeFromOne(1.16, 0.01).length);
    assertEquals(11, Filters.arangeFromOne(1.31, 0.03).length);
    assertEquals(13, Filters.arangeFromOne(1.26, 0.02).length);
  }

  @Test
  void clippedZoomOfThirtyTwoByOnePointZeroTwoKeepsTheFirstSamples() {
    // ch = 32, n = round(32.64) = 33, t = 0: output o samples o * 31/32 (anchored top-left)
    Filters.ZoomAxis axis = Filters.ZoomAxis.of(32, 1.02);
    assertEquals(0, axis.lo()[0]);
    assertEquals(0.0, axis.frac()[0]);
    assertEquals(30, axis.lo()[31]);
    assertEquals(31 * 31 / 32.0 - 30, axis.frac()[31], 1e-12);
  }

  @Test
  void outputConversionTruncatesAndClips() {
    Image like = Image.blank(1, 5, 1);
    Image y = Pixels.fromUnit(new double[] {-0.2, 0.5, 254.9 / 255, 1.7, Double.NaN}, like);
    assertArrayEquals(new byte[] {0, 127, (byte) 254, (byte) 255, 0}, y.pixels());
  }

  private static void assertFolds(Border border, int[] expected, int[] positions) {
    int[] actual = Arrays.stream(positions).map(i -> border.index(i, 4)).toArray();
    assertArrayEquals(expected, actual, border.name());
  }
}
