package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.ttt4j.data.Image;

/**
 * Checks every corruption must pass, shared by the family tests: shape kept (grey stays grey),
 * same seed gives the same image, and the mean absolute difference from the clean image per
 * severity at 28 grey and 32/64/224 RGB.
 */
final class CorruptionContract {
  /** Sides of the three reference tables, plus the 28x28 grey rule (spec §8). */
  static final int GREY_SIDE = 28;
  static final int[] RGB_SIDES = {32, 64, 224};
  private static final int IMAGES = 3;

  private CorruptionContract() {}

  static Image clean(int side, boolean grey, long seed) {
    return grey ? BlurWeatherScenes.garmentLikeGrey(side, seed) : BlurWeatherScenes.texturedRgb(side, seed);
  }

  static void assertShapeKept(Corruption c) {
    for (Severity s : Severity.values()) {
      assertShapeKept(c, clean(GREY_SIDE, true, 1), s);
      for (int side : RGB_SIDES) {
        if (side < 224 || s == Severity.S1 || s == Severity.S5) {
          assertShapeKept(c, clean(side, false, 1), s);
        }
      }
    }
    // other and non-square sizes, with an explicit table, take every side-dependent quantity
    // from the image (§7)
    assertShapeKept(c, BlurWeatherScenes.texturedRgb(40, 3), Severity.S3, ParamTable.T32);
    assertShapeKept(c, new Image(30, 36, 1, new byte[30 * 36]), Severity.S5, ParamTable.T32);
    assertShapeKept(c, BlurWeatherScenes.texturedRgb(80, 4), Severity.S2, ParamTable.T64);
  }

  private static void assertShapeKept(Corruption c, Image x, Severity s) {
    assertShapeKept(c, x, s, ParamTable.forSide(Math.max(x.height(), x.width())));
  }

  private static void assertShapeKept(Corruption c, Image x, Severity s, ParamTable table) {
    Image y = c.apply(x, s, table, new SplittableRandom(42L));
    String what = c.id() + " s" + s.level() + " on " + x.height() + "x" + x.width();
    assertEquals(x.height(), y.height(), what);
    assertEquals(x.width(), y.width(), what);
    assertEquals(x.channels(), y.channels(), what);
  }

  static void assertSameSeedSameImage(Corruption c) {
    for (boolean grey : new boolean[] {true, false}) {
      Image x = clean(grey ? GREY_SIDE : 32, grey, 5);
      for (Severity s : Severity.values()) {
        assertArrayEquals(c.apply(x, s, 7L).pixels(), c.apply(x, s, 7L).pixels(), c.id());
      }
    }
  }

  static void assertIgnoresRng(Corruption c) {
    for (boolean grey : new boolean[] {true, false}) {
      Image x = clean(grey ? GREY_SIDE : 64, grey, 6);
      for (Severity s : Severity.values()) {
        assertArrayEquals(c.apply(x, s, 1L).pixels(), c.apply(x, s, 2L).pixels(), c.id());
      }
    }
  }

  /** Mean over a few images and seeds of mad(corrupted, clean), indexed by severity 0..4. */
  static double[] madBySeverity(Corruption c, int side, boolean grey) {
    double[] mad = new double[5];
    for (int i = 0; i < IMAGES; i++) {
      Image x = clean(side, grey, 100 + i);
      for (Severity s : Severity.values()) {
        mad[s.index()] += BlurWeatherScenes.mad(x, c.apply(x, s, 1000L + i)) / IMAGES;
      }
    }
    return mad;
  }
}
