package org.ttt4j.report.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PcaTest {

  @Test
  void axesOfACrossAreItsArms() {
    // by hand: points (±2, 0) and (0, ±1), mean 0; variance along x = (4 + 4) / 3, along y = 2 / 3
    double[][] cross = {{2, 0}, {0, 1}, {-2, 0}, {0, -1}};
    Pca p = Pca.fit(cross, 2);
    assertArrayEquals(new double[] {0, 0}, p.mean(), 1e-12);
    assertArrayEquals(new double[] {1, 0}, p.components()[0], 1e-12);
    assertArrayEquals(new double[] {0, 1}, p.components()[1], 1e-12);
    assertArrayEquals(new double[] {8.0 / 3, 2.0 / 3}, p.variance(), 1e-12);
    assertEquals(0.8, p.explained(0), 1e-12);
    assertArrayEquals(new double[] {-2, 0}, p.project(new double[] {-2, 0}), 1e-12);
  }

  @Test
  void matchesNumpySvd() {
    // numpy.linalg.svd of the centred matrix (signs flipped so the largest loading is positive)
    double[][] data = {{1, 2, 3}, {2, 4, 6.5}, {3, 6, 9}, {4, 8, 12.5}, {0, 1, 0}};
    Pca p = Pca.fit(data, 2);
    assertArrayEquals(new double[] {0.26825435, 0.48425406, 0.83278906}, p.components()[0], 1e-8);
    assertArrayEquals(new double[] {-0.06737542, 0.87178773, -0.48522851}, p.components()[1],
        1e-8);
    assertArrayEquals(new double[] {34.6831069, 0.0877877135}, p.variance(), 1e-7);
    assertEquals(34.775, p.totalVariance(), 1e-9);
    // the first row's coordinates: (row - mean) . axis, mean = (2, 4.2, 6.2)
    double[] expected = {
        -1 * 0.26825435 - 2.2 * 0.48425406 - 3.2 * 0.83278906,
        -1 * -0.06737542 - 2.2 * 0.87178773 - 3.2 * -0.48522851};
    assertArrayEquals(expected, p.project(data[0]), 1e-7);
  }

  @Test
  void badShapesAreNamed() {
    assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[][] {{1, 2}}, 1));
    assertThrows(IllegalArgumentException.class,
        () -> Pca.fit(new double[][] {{1, 2}, {3, 4}}, 3));
    Pca p = Pca.fit(new double[][] {{1, 2}, {3, 5}, {0, 1}}, 1);
    assertThrows(IllegalArgumentException.class, () -> p.project(new double[] {1, 2, 3}));
  }
}
