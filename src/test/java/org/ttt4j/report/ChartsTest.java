package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {

  private static List<Charts.Key> keys(int n) {
    List<Charts.Key> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(new Charts.Key("standard K=20 B=32 mask 0.9, run " + i, Color.BLACK,
          Charts.Mark.LINE));
    }
    return keys;
  }

  @Test
  void aLegendWiderThanTheFigureWrapsOntoMoreLinesKeepingEveryEntryInOrder() {
    List<Charts.Key> keys = keys(8);
    List<List<Charts.Key>> lines = Charts.legendLines(keys, 700);
    assertTrue(lines.size() > 1, "eight long names do not fit 700 px on one line");
    assertEquals(keys, lines.stream().flatMap(List::stream).toList());
    assertEquals(1, Charts.legendLines(keys(2), 2000).size(), "two names fit on one line");
  }

  @Test
  void theGridMakesRoomForEveryLegendLine() {
    BufferedImage panel = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    List<Charts.Key> keys = keys(8);
    int lines = Charts.legendLines(keys, 600).size();
    BufferedImage one = Charts.grid("t", keys.subList(0, 1), List.of(panel, panel), 2);
    BufferedImage many = Charts.grid("t", keys, List.of(panel, panel), 2);
    assertEquals(one.getHeight() + 20 * (lines - 1), many.getHeight());
  }
}
