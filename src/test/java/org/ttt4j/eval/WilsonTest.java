package org.ttt4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WilsonTest {

  @Test
  void matchesTheClosedFormOnTextbookCases() {
    // 8 of 10: centre (0.8 + z²/20) / (1 + z²/10) = 0.7167, half-width 0.2266
    assertArrayEquals(new double[] {0.49016, 0.94332}, Wilson.interval(8, 10, 1.959964), 1e-5);
    // no successes: the interval still has width, unlike the normal approximation
    assertArrayEquals(new double[] {0.0, 0.27753}, Wilson.interval(0, 10, 1.959964), 1e-5);
    assertArrayEquals(new double[] {0.72247, 1.0}, Wilson.interval(10, 10, 1.959964), 1e-5);
    assertArrayEquals(new double[] {0.25529, 0.36621}, Wilson.interval(81, 263, 1.959964), 1e-5);
  }

  @Test
  void summaryAveragesCorruptionsAndCountsEveryStep() {
    List<Evaluation.Record> records = List.of(
        new Evaluation.Record(0, 0, "fog", 5, 1, new int[] {0, 1}, new float[] {1f}, 0.5),
        new Evaluation.Record(0, 1, "fog", 5, 2, new int[] {2, 2}, new float[] {1f}, 0.5),
        new Evaluation.Record(1, 0, "contrast", 5, 3, new int[] {3, 0}, new float[] {1f}, 0.5));
    Summary s = Summary.of("standard", records);
    assertEquals(1.0, s.byCorruption().get("fog:5").top1());
    assertEquals(0.0, s.byCorruption().get("contrast:5").top1());
    assertEquals(0.5, s.mean(), 1e-12, "mean of per-corruption accuracies, Table-1 style");
    assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3}, s.accuracyPerStep(), 1e-12);
    assertEquals(0.5, s.secondsPerSample(), 1e-12);
  }
}
