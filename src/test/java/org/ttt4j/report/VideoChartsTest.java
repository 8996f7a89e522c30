package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoChartsTest {

  @Test
  void aPowerOfTwoAxisIsLabelledWithTheValuesNotTheirLogarithms() {
    assertEquals("1", VideoCharts.powerOfTwoLabel(0));
    assertEquals("16", VideoCharts.powerOfTwoLabel(4));
    assertEquals("64", VideoCharts.powerOfTwoLabel(6.0000000001));
    assertEquals("1.41", VideoCharts.powerOfTwoLabel(0.5));
    assertEquals("0.500", VideoCharts.powerOfTwoLabel(-1));
  }

  @Test
  void aZeroOnAPowerOfTwoAxisIsRefusedByName(@TempDir Path dir) {
    var line = new VideoCharts.Line("window k", List.of(0.0, 1.0), List.of(20.0, 21.0), null);
    var e = assertThrows(IllegalArgumentException.class, () -> VideoCharts.lines(
        dir.resolve("k.png"), "t", "k", "mIoU", List.of(line), true));
    assertTrue(e.getMessage().contains("'window k' has x = 0.0"), e.getMessage());
  }

  @Test
  void theKAblationPlotIsWritten(@TempDir Path dir) throws Exception {
    var line = new VideoCharts.Line("window k", List.of(1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0),
        List.of(22.6, 22.9, 22.7, 23.5, 23.3, 23.0, 22.4),
        List.of(6.5, 7.1, 6.9, 6.8, 7.7, 8.0, 7.2));
    Path png = dir.resolve("k.png");
    VideoCharts.lines(png, "mIoU against k", "window size k", "mIoU (%)", List.of(line), true);
    assertTrue(Files.size(png) > 0);
  }

  private static org.ttt4j.data.Image flat(int side, int value) {
    byte[] px = new byte[side * side];
    java.util.Arrays.fill(px, (byte) value);
    return new org.ttt4j.data.Image(side, side, 1, px);
  }

  /** Whether any pixel of the rectangle is dark (text drawn in black). */
  private static boolean anyDark(java.awt.image.BufferedImage img, int x0, int y0, int w, int h) {
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        java.awt.Color c = new java.awt.Color(img.getRGB(x, y));
        if (c.getRed() + c.getGreen() + c.getBlue() < 200) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void everyRowNameIsDrawnInBlackWhateverThePixelsBeforeIt(@TempDir Path dir) throws Exception {
    // the frame row ends on a white pixel: a name drawn in the last pixel's colour is invisible
    Path png = dir.resolve("strip.png");
    VideoCharts.strip(png, List.of("frame", "truth"), List.of(List.of(flat(8, 255)),
        List.of(flat(8, 0))), List.of(false, true), 4);
    var img = javax.imageio.ImageIO.read(png.toFile());
    int rowHeight = 8 * 4 + 2;
    assertTrue(anyDark(img, 0, rowHeight, 40, rowHeight - 2), "the name 'truth' is drawn");
  }

  @Test
  void theStripHasColumnHeadingsALegendOfItsClassesAndUnclippedNames(@TempDir Path dir)
      throws Exception {
    Path png = dir.resolve("strip.png");
    String longName = "window-k16, frames shuffled, lr 0.02";
    VideoCharts.strip(png, List.of("frame", longName), List.of("frame 0", "frame 9"),
        List.of(List.of(flat(8, 90), flat(8, 90)), List.of(flat(8, 3), flat(8, 255))),
        List.of(false, true), List.of("background", "a", "b", "Pullover"), 4);
    var img = javax.imageio.ImageIO.read(png.toFile());
    var fm = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
        .createGraphics().getFontMetrics(Charts.AXIS);
    int gridLeft = img.getWidth() - 2 * (8 * 4 + 2);
    assertTrue(gridLeft > fm.stringWidth(longName), "the name column fits the longest name");
    int gridBottom = fm.getHeight() + 4 + 2 * (8 * 4 + 2);
    assertTrue(img.getHeight() > gridBottom + fm.getHeight(), "a legend below the grid");
    int pullover = VideoCharts.classColour(3).getRGB();
    int noLabel = VideoCharts.classColour(255).getRGB();
    boolean[] found = new boolean[2];
    for (int y = gridBottom; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        found[0] |= img.getRGB(x, y) == pullover;
        found[1] |= img.getRGB(x, y) == noLabel;
      }
    }
    assertTrue(found[0] && found[1], "the legend has a swatch of each class shown");
    assertTrue(anyDark(img, gridLeft, 0, 2 * (8 * 4 + 2), fm.getHeight()), "column headings");
  }

  @Test
  void theClassesOfTheGeneratedVideosHaveTenDistinctColours() {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int c = 0; c <= 10; c++) {
      colours.add(VideoCharts.classColour(c).getRGB());
    }
    assertEquals(11, colours.size());
  }
}
