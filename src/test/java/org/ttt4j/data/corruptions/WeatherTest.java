package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ttt4j.data.Image;

/** Weather family (spec §4) and spatter (§5.6). */
class WeatherTest {
  @ParameterizedTest
  @EnumSource(names = {"SNOW", "FROST", "FOG", "SPATTER"})
  void shapeIsKeptAndGreyStaysGrey(Corruption c) {
    CorruptionContract.assertShapeKept(c);
  }

  @ParameterizedTest
  @EnumSource(names = {"SNOW", "FROST", "FOG", "SPATTER"})
  void sameSeedGivesTheSameImage(Corruption c) {
    CorruptionContract.assertSameSeedSameImage(c);
  }

  @ParameterizedTest
  @EnumSource(names = {"SNOW", "FROST", "FOG"})
  void severityFiveIsStrongerThanOne(Corruption c) {
    double[] grey = CorruptionContract.madBySeverity(c, CorruptionContract.GREY_SIDE, true);
    assertTrue(grey[4] > grey[0] && grey[0] > 0, c.id() + " 28 grey: " + Arrays.toString(grey));
    for (int side : CorruptionContract.RGB_SIDES) {
      double[] mad = CorruptionContract.madBySeverity(c, side, false);
      assertTrue(mad[4] > mad[0] && mad[0] > 0, c.id() + " " + side + ": " + Arrays.toString(mad));
    }
  }

  @Test
  void spatterChangesEveryImageAndMudIsStrongerAtSeverityFive() {
    // water (1-3) and mud (4-5) are different effects, so only within-mode order is expected
    // (reference 28 grey mad: 1.13, 2.90, 7.01, 2.59, 4.41)
    double[] grey = CorruptionContract.madBySeverity(Corruption.SPATTER, 28, true);
    assertTrue(Arrays.stream(grey).allMatch(m -> m > 0), Arrays.toString(grey));
    assertTrue(grey[2] > grey[0] && grey[4] > grey[3], Arrays.toString(grey));
  }

  @Test
  void fogKeepsAnAllBlackImageBlack() {
    // out = (x + c P) * max(x) / (max(x) + c): max(x) = 0 gives 0 everywhere
    Image black = Image.blank(28, 28, 1);
    Image y = Corruption.FOG.apply(black, Severity.S5, 1L);
    assertEquals(0, BlurWeatherScenes.mad(black, y));
  }

  @Test
  void frostUsesLumaTexturesForGreyImages() {
    Image grey = Image.blank(28, 28, 1);
    Image y = Corruption.FROST.apply(grey, Severity.S3, ParamTable.T32, new SplittableRandom(4));
    assertEquals(1, y.channels());
    assertTrue(BlurWeatherScenes.mad(grey, y) > 10, "frost should lift a black image");
  }

  @Test
  void frostTooSmallForTheImageSaysWhichTableToUse() {
    Image big = Image.blank(224, 224, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Corruption.FROST.apply(big, Severity.S1, ParamTable.T32, new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("315x527 with T224"), e.getMessage());
  }

  @Test
  void plasmaIsInTheUnitRangeAndSpansIt() {
    double[] p = Plasma.fractal(32, 2.0, new SplittableRandom(8));
    double min = Arrays.stream(p).min().orElseThrow();
    double max = Arrays.stream(p).max().orElseThrow();
    assertEquals(0.0, min);
    assertEquals(1.0, max);
    assertEquals(32, Plasma.mapSizeFor(28));
    assertEquals(256, Plasma.mapSizeFor(224));
    assertEquals(64, Plasma.mapSizeFor(64));
  }

  @Test
  void waterMaskFindsTheEdgesOfASquare() {
    int[] v = new int[16 * 16];
    for (int y = 4; y < 12; y++) {
      for (int x = 4; x < 12; x++) {
        v[y * 16 + x] = 200;
      }
    }
    boolean[] edge = WaterMask.canny(v, 16, 16);
    assertTrue(edge[4 * 16 + 8] || edge[3 * 16 + 8], "top edge of the square");
    assertFalse(edge[8 * 16 + 8], "flat interior");
    assertFalse(edge[0], "flat background");
    float[] d = WaterMask.distanceToEdges(edge, 16, 16);
    assertEquals(0f, d[8 * 16 + 4] * (edge[8 * 16 + 4] ? 1 : 0));
    assertTrue(d[8 * 16 + 8] >= 2.9f, "centre is ~3 pixels from the nearest edge");
  }
}
