package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ttt4j.data.Image;

/** Hand-checkable cases of the digital corruptions and their building blocks. */
class DigitalTest {

  @Test
  void boxDownscaleAveragesAndRoundsToNearest() {
    Image x = new Image(1, 4, 1, new byte[] {0, 3, 10, 20});
    Image y = BoxResample.resize(x, 1, 2);
    assertArrayEquals(new byte[] {2, 15}, y.pixels()); // 1.5 -> 2, 15
  }

  @Test
  void boxUpscalePicksSourceFloorOfScaledCentre() {
    Image x = new Image(1, 3, 1, new byte[] {10, 20, 30});
    Image y = BoxResample.resize(x, 1, 4);
    // j = floor((i + 0.5) * 3 / 4): 0, 1, 1, 2
    assertArrayEquals(new byte[] {10, 20, 20, 30}, y.pixels());
  }

  @Test
  void pixelateOnGreyUsesIntOfSideTimesFactor() {
    // 28 * 0.65 = 18.2 -> 18 blocks; a constant image survives exactly
    Image flat = new Image(28, 28, 1, filled(28 * 28, (byte) 77));
    assertArrayEquals(flat.pixels(),
        Corruption.PIXELATE.apply(flat, Severity.S5, 0L, 0).pixels());
  }

  @Test
  void brightnessOnGreyAddsAndTruncates() {
    // 100/255 + 0.05 = 0.44215..., * 255 = 112.75 -> 112 (truncation, not 113)
    Image x = new Image(1, 1, 1, new byte[] {100});
    assertEquals(112, Digital.brightness(x, Severity.S1, ParamTable.T32, null).get(0, 0, 0));
  }

  @Test
  void brightnessScalesRgbByValueRatio() {
    // spec §4.4 closed form: rgb * min(V + c, 1) / V with V = max; c = 0.1 at T64
    Image x = new Image(1, 1, 3, new byte[] {(byte) 200, 100, 50});
    Image y = Digital.brightness(x, Severity.S1, ParamTable.T64, null);
    double v = 200 / 255.0;
    double k = Math.min(v + 0.1, 1) / v;
    assertEquals((int) (200 / 255.0 * k * 255), y.get(0, 0, 0));
    assertEquals((int) (100 / 255.0 * k * 255), y.get(0, 0, 1));
    assertEquals((int) (50 / 255.0 * k * 255), y.get(0, 0, 2));
  }

  @Test
  void contrastPullsTowardsTheChannelMean() {
    Image x = new Image(1, 2, 1, new byte[] {0, (byte) 200});
    // mean 100/255; c = 0.15 at level 5 (32 table): 100 -+ 15 -> 85, 115 (up to float ulp)
    Image y = Digital.contrast(x, Severity.S5, ParamTable.T32, null);
    assertEquals(85, y.get(0, 0, 0), 1);
    assertEquals(115, y.get(0, 1, 0), 1);
  }

  @Test
  void saturateTintsGreyPixelsRedWhenOffsetIsPositive() {
    Image x = new Image(1, 1, 3, new byte[] {100, 100, 100});
    Image y = Digital.saturate(x, Severity.S5, ParamTable.T32, null); // S = 0.2, hue 0
    assertEquals(100, y.get(0, 0, 0));
    assertEquals((int) (100 / 255.0 * 0.8 * 255), y.get(0, 0, 1));
    assertEquals(y.get(0, 0, 1), y.get(0, 0, 2));
  }

  @Test
  void hsvRoundTripIsIdentityWithinRounding() {
    double[] rgb = {0.2, 0.7, 0.4};
    double[] hsv = new double[3];
    Hsv.fromRgb(rgb, 0, hsv);
    double[] back = new double[3];
    Hsv.toRgb(hsv[0], hsv[1], hsv[2], back, 0);
    assertArrayEquals(rgb, back, 1e-12);
    assertEquals(0.7, hsv[2], 0);
    assertEquals(0.5 / 0.7, hsv[1], 1e-15);
  }

  private static byte[] filled(int n, byte v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, v);
    return b;
  }
}
