package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesTest {

  private static TrainingCurves.Series steps(int n) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      x.add((double) i);
      y.add(1.0 / i);
    }
    return new TrainingCurves.Series("loss", x, y);
  }

  @Test
  void aLongCurveIsThinnedKeepingItsFirstAndLastStep() {
    for (int n : new int[] {101, 600, 601, 5148, 5149}) {
      TrainingCurves.Series thin = TrainingCurves.thin(steps(n), 600);
      List<Double> x = thin.x();
      assertEquals(1.0, x.get(0), "n=" + n);
      assertEquals((double) n, x.get(x.size() - 1), "n=" + n);
      assertTrue(x.size() <= 601, "n=" + n + ": " + x.size() + " points");
      for (int i = 0; i < x.size(); i++) {
        assertEquals(1.0 / x.get(i), thin.y().get(i), "each kept point keeps its own y");
      }
      // XChart draws round-number ticks only when the axis start (0) and the x values are not
      // evenly spaced; a stride of 2 or more after the step from 0 to 1 guarantees that
      assertTrue(x.get(1) - x.get(0) >= 2, "n=" + n);
    }
  }

  @Test
  void aShortCurveIsDrawnPointByPoint() {
    TrainingCurves.Series s = steps(TrainingCurves.MIN_STRIDED);
    assertSame(s, TrainingCurves.thin(s, 600));
  }

  @Test
  void learningRatesAreDrawnInAPowerOfTenThatPutsTheLargestBetweenOneAndTen() {
    assertEquals(-3, TrainingCurves.lrExponent(List.of(0.0, 5e-4, 2e-3, 1e-3)));
    assertEquals(-4, TrainingCurves.lrExponent(List.of(3e-4, 1e-6)));
    assertEquals(0, TrainingCurves.lrExponent(List.of(0.0, 0.0)), "all zero: drawn as is");
    assertEquals(0, TrainingCurves.lrExponent(List.of()));
  }

  @Test
  void theMovingAverageSpansAboutAHundredthOfTheRun() {
    assertEquals(1, TrainingCurves.window(0));
    assertEquals(1, TrainingCurves.window(199));
    assertEquals(51, TrainingCurves.window(5148));
  }

  @Test
  void theFigureIsWrittenWithBothPanels(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("curves.png");
    TrainingCurves.write(png, "MAE", List.of(steps(5148)), steps(5148));
    var image = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(TrainingCurves.TOP_HEIGHT + TrainingCurves.BOTTOM_HEIGHT, image.getHeight());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(png), files.toList(), "no temporary file is left beside it");
    }
  }
}
