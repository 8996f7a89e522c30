package org.ttt4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatentSectionTest {

  @Test
  void moreClassesThanColoursKeepTheLargestAndPoolTheRestInGrey() {
    // 12 classes (label k has k + 1 points): 10 colours, so 9 classes keep one and 3 are pooled
    List<LatentSection.Row> rows = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      for (int i = 0; i <= k; i++) {
        rows.add(new LatentSection.Row("point", "cls", "clean", k, rows.size(), 0,
            new double[] {k, i}));
      }
    }
    double[][] xy = rows.stream().map(LatentSection.Row::v).toArray(double[][]::new);

    List<Scatter.Group> groups = LatentSection.groups(rows, xy, LatentSection.Row::label,
        k -> "c" + k, Scatter::classColour, Scatter.CLASS_COLOURS, "classes");

    assertEquals(10, groups.size(), "a legend of 10 entries, not 12");
    assertEquals(List.of("c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11",
        "other classes (3)"), groups.stream().map(Scatter.Group::name).toList());
    assertEquals(1 + 2 + 3, groups.get(9).x().length, "classes 0, 1, 2 pooled");
    assertEquals(new Color(170, 170, 170), groups.get(9).colour());
    assertEquals(9, groups.stream().limit(9).map(Scatter.Group::colour).distinct().count(),
        "every kept class has a colour of its own");
  }
}
