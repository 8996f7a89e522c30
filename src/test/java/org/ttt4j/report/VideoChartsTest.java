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
}
