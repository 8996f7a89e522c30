package org.ttt4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatmulPeakTest {

  @Test
  void gflopsAreTwoNCubedOverTheMedianTime() {
    MatmulPeak.Result r = MatmulPeak.run(64, new Timer(1, 5, 0.01, 20));
    assertEquals(64, r.n());
    assertTrue(r.seconds().n() >= 5);
    assertEquals(2.0 * 64 * 64 * 64 / r.seconds().median() / 1e9, r.gflopPerSecond(), 1e-9);
  }
}
