package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.FontMetrics;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointLabelsTest {

  private static final FontMetrics FM = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)
      .createGraphics().getFontMetrics(Charts.AXIS.deriveFont(10f));

  @Test
  void crowdedPointsGetLabelsThatNeitherOverlapNorLeaveThePlot() {
    // as on a per-class size plot: three classes on one spot, two neighbours a few pixels apart
    Rectangle2D plot = new Rectangle2D.Double(50, 30, 500, 380);
    List<PointLabels.Label> points = List.of(
        new PointLabels.Label("T-shirt/top", 540, 300), new PointLabels.Label("Pullover", 541, 300),
        new PointLabels.Label("Shirt", 540, 301), new PointLabels.Label("Coat", 520, 300),
        new PointLabels.Label("Dress", 120, 300), new PointLabels.Label("Sneaker", 135, 300),
        new PointLabels.Label("Sandal", 60, 35), new PointLabels.Label("Shirt", 540, 300));

    List<PointLabels.Placed> placed = PointLabels.layout(points, FM, plot);

    assertEquals(5, placed.size(), "one label per spot: " + placed);
    assertTrue(placed.stream().anyMatch(p -> p.text().equals("T-shirt/top, Pullover, Shirt")),
        "the classes on one spot share a label, each named once: " + placed);
    for (int i = 0; i < placed.size(); i++) {
      assertTrue(plot.contains(placed.get(i).box()), placed.get(i) + " is inside the plot");
      for (int j = 0; j < i; j++) {
        assertFalse(placed.get(i).box().intersects(placed.get(j).box()),
            placed.get(i) + " overlaps " + placed.get(j));
      }
    }
  }
}
