package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ttt4j.data.Image;

/** Blur family (spec §3). */
class BlurTest {
  @ParameterizedTest
  @EnumSource(names = {"DEFOCUS_BLUR", "GLASS_BLUR", "MOTION_BLUR", "ZOOM_BLUR", "GAUSSIAN_BLUR"})
  void shapeIsKeptAndGreyStaysGrey(Corruption c) {
    CorruptionContract.assertShapeKept(c);
  }

  @ParameterizedTest
  @EnumSource(names = {"DEFOCUS_BLUR", "GLASS_BLUR", "MOTION_BLUR", "ZOOM_BLUR", "GAUSSIAN_BLUR"})
  void sameSeedGivesTheSameImage(Corruption c) {
    CorruptionContract.assertSameSeedSameImage(c);
  }

  @ParameterizedTest
  @EnumSource(names = {"DEFOCUS_BLUR", "ZOOM_BLUR", "GAUSSIAN_BLUR"})
  void deterministicBlursIgnoreTheRandomStream(Corruption c) {
    CorruptionContract.assertIgnoresRng(c);
  }

  @ParameterizedTest
  @EnumSource(names = {"DEFOCUS_BLUR", "ZOOM_BLUR", "GAUSSIAN_BLUR"})
  void deterministicBlursGrowStrictlyWithSeverity(Corruption c) {
    assertIncreasing(c, CorruptionContract.madBySeverity(c, CorruptionContract.GREY_SIDE, true));
    for (int side : CorruptionContract.RGB_SIDES) {
      assertIncreasing(c, CorruptionContract.madBySeverity(c, side, false));
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"GLASS_BLUR", "MOTION_BLUR"})
  void randomBlursAreStrongerAtSeverityFiveThanOne(Corruption c) {
    double[] grey = CorruptionContract.madBySeverity(c, CorruptionContract.GREY_SIDE, true);
    assertTrue(grey[4] > grey[0], c.id() + " 28 grey: " + Arrays.toString(grey));
    for (int side : CorruptionContract.RGB_SIDES) {
      double[] mad = CorruptionContract.madBySeverity(c, side, false);
      assertTrue(mad[4] > mad[0] && mad[0] > 0, c.id() + " " + side + ": " + Arrays.toString(mad));
    }
  }

  @Test
  void glassBlurNeverWritesTheBorderRowsOrColumns() {
    // with sigma tiny (T32 s1: 0.05) the Gaussians are the identity on 8-bit data, so only the
    // copy loop moves pixels, and it writes rows/columns d+1 .. side-d only (d = 1)
    Image x = BlurWeatherScenes.texturedRgb(32, 9);
    Image y = Corruption.GLASS_BLUR.apply(x, Severity.S1, ParamTable.T32, new SplittableRandom(3));
    for (int i = 0; i < 32; i++) {
      for (int k = 0; k < 3; k++) {
        assertEquals(x.get(0, i, k), y.get(0, i, k));
        assertEquals(x.get(1, i, k), y.get(1, i, k));
        assertEquals(x.get(i, 0, k), y.get(i, 0, k));
        assertEquals(x.get(i, 1, k), y.get(i, 1, k));
      }
    }
  }

  @Test
  void zoomBlurFactorOneAloneWouldReproduceTheImage() {
    Image x = BlurWeatherScenes.texturedRgb(32, 2);
    double[] unit = Pixels.toUnitFloat(x);
    assertArrayEquals(unit, Filters.clippedZoom(unit, 32, 32, 3, 1.0), 0.0);
  }

  @Test
  void motionStreakAtAngleZeroAveragesPixelsToTheRight() {
    // one bright column at x = 2; angle 0 streaks to the right, so pixels left of it light up
    int[] v = new int[5];
    v[2] = 255;
    int[] out = new MotionStreak(2, 1, 0).apply(v, 1, 5, 1);
    assertTrue(out[1] > 0 && out[0] > 0, Arrays.toString(out));
    assertTrue(out[3] == 0 && out[4] == 0, Arrays.toString(out));
    assertTrue(out[2] > out[1] && out[1] > out[0], Arrays.toString(out));
  }

  private static void assertIncreasing(Corruption c, double[] mad) {
    for (int i = 1; i < mad.length; i++) {
      assertTrue(mad[i] > mad[i - 1], c.id() + ": " + Arrays.toString(mad));
    }
  }
}
