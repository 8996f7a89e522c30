package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesTest {

  private static TrainingCurves.Series steps(int n) {
    return steps(1, n);
  }

  /** Steps {@code first..last}, loss 1/step. */
  private static TrainingCurves.Series steps(int first, int last) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = first; i <= last; i++) {
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
  void theStepAxisStartsAtTheFirstStepRecorded() {
    TrainingCurves.Series tail = steps(1500, 2575);
    assertEquals(1500.0, TrainingCurves.stepAxisMin(List.of(tail, steps(1600, 1700))), 0.01);
    assertEquals(1.0, TrainingCurves.stepAxisMin(List.of(steps(300))), 0.01);
    // just below it, so that XChart's ticks fall on round numbers (not on the evenly spaced steps)
    assertTrue(TrainingCurves.stepAxisMin(List.of(steps(300))) < 1.0);
  }

  @Test
  void theLearningRateAxisEndsJustAboveTheLargestRateUnlessTheRateIsConstant() {
    double top = TrainingCurves.lrAxisMax(List.of(0.0, 0.5, 1.0, 1.5));
    assertTrue(top > 1.5 && top < 1.51, "top " + top);
    assertEquals(null, TrainingCurves.lrAxisMax(List.of(2.0, 2.0)), "constant: XChart's own");
  }

  /**
   * The history of a run from step 1,500 on (resumed, or cut out of a longer one) is drawn from
   * the plot's left edge: the axis used to start at step 0, leaving 58 % of the plot empty.
   */
  @Test
  void aHistoryThatStartsLateIsDrawnFromThePlotsLeftEdge(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("curves.png");
    TrainingCurves.write(png, "tail", List.of(steps(1500, 2575)), steps(1500, 2575));
    BufferedImage image = ImageIO.read(png.toFile());
    int line = Charts.colour(0).getRGB() & 0xFFFFFF;
    int leftmost = image.getWidth();
    for (int y = 40; y < 300; y++) {              // inside the loss plot, above its legend
      for (int x = 0; x < leftmost; x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == line) {
          leftmost = x;
        }
      }
    }
    assertTrue(leftmost < 0.15 * image.getWidth(), "the curve starts at x=" + leftmost
        + " of " + image.getWidth());
  }

  /** A run's first step alone (a history read while the run starts) drew an empty plot. */
  @Test
  void aHistoryOfOneStepIsDrawnAsAPointBetweenTheStepsAroundIt(@TempDir Path dir)
      throws Exception {
    assertEquals(0.0, TrainingCurves.stepAxisMin(List.of(steps(1))));
    assertEquals(2.0, TrainingCurves.stepAxisMax(List.of(steps(1))));
    assertEquals(null, TrainingCurves.stepAxisMax(List.of(steps(2))), "the last step: XChart's");
    Path png = dir.resolve("curves.png");
    TrainingCurves.write(png, "one", List.of(steps(1)), steps(1));
    BufferedImage image = ImageIO.read(png.toFile());
    int line = Charts.colour(0).getRGB() & 0xFFFFFF;
    int marked = 0;
    for (int y = 40; y < 300; y++) {              // inside the loss plot, above its legend
      for (int x = 0; x < image.getWidth(); x++) {
        marked += (image.getRGB(x, y) & 0xFFFFFF) == line ? 1 : 0;
      }
    }
    assertTrue(marked > 10, marked + " pixels of the loss's colour");
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
