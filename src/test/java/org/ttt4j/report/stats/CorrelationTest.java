package org.ttt4j.report.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Expected values from scipy 1.17.1 ({@code scipy.stats.pearsonr} / {@code spearmanr}) on the same
 * ten pairs, computed once offline; tools are not needed to run the test.
 */
class CorrelationTest {

  private static final double[] X = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  private static final double[] Y = {2.1, 3.9, 6.2, 7.8, 11.0, 12.1, 13.8, 17.0, 17.9, 21.2};
  /** With ties (1, 3 and 5 twice each): Spearman needs mean ranks. */
  private static final double[] Z = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};

  @Test
  void pearsonMatchesScipy() {
    Correlation c = Correlation.pearson(X, Z);
    assertEquals(0.33432539901899483, c.coefficient(), 1e-12);
    assertEquals(0.3450710477331118, c.p(), 1e-9);
    assertEquals(10, c.n());
    Correlation strong = Correlation.pearson(X, Y);
    assertEquals(0.9969456018608812, strong.coefficient(), 1e-12);
    assertEquals(3.793918011426899e-10, strong.p(), 1e-15);
  }

  @Test
  void spearmanMatchesScipyWithTies() {
    Correlation c = Correlation.spearman(X, Z);
    assertEquals(0.3914537831560393, c.coefficient(), 1e-12);
    assertEquals(0.2632875529923413, c.p(), 1e-9, "t approximation with n - 2 df, as scipy");
    Correlation monotone = Correlation.spearman(X, Y);
    assertEquals(1.0, monotone.coefficient(), 1e-12);
    assertTrue(monotone.p() < 1e-12);
  }

  @Test
  void tiesShareTheirMeanRank() {
    // by hand: sorted 1,1,2,3,3,4,5,5,6,9 -> ranks 1.5,1.5,3,4.5,4.5,6,7.5,7.5,9,10
    assertArrayEquals(new double[] {4.5, 1.5, 6, 1.5, 7.5, 10, 3, 9, 7.5, 4.5},
        Correlation.ranks(Z), 1e-12);
  }

  @Test
  void degenerateInputIsNamed() {
    assertTrue(Double.isNaN(Correlation.pearson(X, new double[10]).coefficient()),
        "a constant variable has no correlation");
    assertThrows(IllegalArgumentException.class,
        () -> Correlation.pearson(X, new double[] {1, 2, 3}));
    assertThrows(IllegalArgumentException.class,
        () -> Correlation.spearman(new double[] {1, 2}, new double[] {2, 1}));
  }
}
