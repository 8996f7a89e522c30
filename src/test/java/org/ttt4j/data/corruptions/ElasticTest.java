package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ttt4j.data.Image;

/** elastic_transform (spec §5.2). */
class ElasticTest {
  @Test
  void shapeIsKeptAndGreyStaysGrey() {
    CorruptionContract.assertShapeKept(Corruption.ELASTIC_TRANSFORM);
  }

  @Test
  void sameSeedGivesTheSameImage() {
    CorruptionContract.assertSameSeedSameImage(Corruption.ELASTIC_TRANSFORM);
  }

  @Test
  void everySeverityMovesPixelsAtEverySize() {
    // not monotone by design: at 32/28 severity 1 is a pure affine jitter of 8% of the side,
    // larger than later severities' (reference 28 grey mad: 27.8, 25.6, 23.3, 21.6, 18.6)
    double[] grey = CorruptionContract.madBySeverity(Corruption.ELASTIC_TRANSFORM, 28, true);
    assertTrue(Arrays.stream(grey).allMatch(m -> m > 1), Arrays.toString(grey));
    for (int side : CorruptionContract.RGB_SIDES) {
      double[] mad = CorruptionContract.madBySeverity(Corruption.ELASTIC_TRANSFORM, side, false);
      assertTrue(Arrays.stream(mad).allMatch(m -> m > 1), side + ": " + Arrays.toString(mad));
    }
  }

  @Test
  void aConstantImageStaysConstant() {
    byte[] p = new byte[28 * 28];
    Arrays.fill(p, (byte) 77);
    Image flat = new Image(28, 28, 1, p);
    for (Severity s : Severity.values()) {
      Image y = Corruption.ELASTIC_TRANSFORM.apply(flat, s, 3L);
      for (byte b : y.pixels()) {
        assertTrue(Math.abs((b & 0xFF) - 77) <= 1, "bilinear weights sum to 1 (float32)");
      }
    }
  }
}
