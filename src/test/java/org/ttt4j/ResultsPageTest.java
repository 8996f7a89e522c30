package org.ttt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * docs/results/ttt.md (the shipped model) and ttt-linear.md (the model shipped before it) open with
 * their results "at a glance", copied from the measured tables further down the page. Those copies
 * must not drift from the tables they summarise.
 */
class ResultsPageTest {

  private static final List<Path> PAGES = List.of(Path.of("docs/results/ttt.md"),
      Path.of("docs/results/ttt-linear.md"));
  private static final int CORRUPTIONS = 15;

  @ParameterizedTest
  @FieldSource("PAGES")
  void everyRowAtAGlanceIsARowOfAMeasuredTableBelow(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    int end = glanceEnd(page, lines);
    List<double[]> glance = numberRows(lines.subList(0, end));
    List<double[]> measured = numberRows(lines.subList(end, lines.size()));
    assertFalse(glance.isEmpty(), "the at-a-glance section of " + page + " has no table rows");
    for (double[] row : glance) {
      assertTrue(measured.stream().anyMatch(m -> Arrays.equals(m, row)),
          page + ", at a glance: " + Arrays.toString(row) + " is in no measured table below");
    }
  }

  @ParameterizedTest
  @FieldSource("PAGES")
  void eachRowAtAGlanceHasTheMeanOfItsFifteenCells(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    for (double[] row : numberRows(lines.subList(0, glanceEnd(page, lines)))) {
      double sum = 0;
      for (int i = 0; i < CORRUPTIONS; i++) {
        sum += row[i];
      }
      // each cell is rounded to 0.1, and so is the mean: they may differ by the rounding alone
      assertEquals(sum / CORRUPTIONS, row[CORRUPTIONS], 0.1, page + ": " + Arrays.toString(row));
    }
  }

  /** Where the at-a-glance section ends; it is the page's first section, so it starts at 0. */
  private static int glanceEnd(Path page, List<String> lines) {
    int start = lines.indexOf("## At a glance");
    assertTrue(start >= 0, page + " has no \"## At a glance\" section");
    assertTrue(lines.subList(0, start).stream().noneMatch(l -> l.startsWith("## ")),
        "the at-a-glance section must be the first section of " + page);
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    return end;
  }

  /**
   * The numbers of each table row with a cell per corruption and a mean (intervals dropped),
   * skipping the label cell and any cell after the mean (such as seconds per sample).
   */
  private static List<double[]> numberRows(List<String> lines) {
    List<double[]> rows = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("| ") || line.startsWith("|---")) {
        continue;
      }
      String[] cells = line.substring(1).split("\\|");
      if (cells.length < CORRUPTIONS + 2) {
        continue;
      }
      double[] row = new double[CORRUPTIONS + 1];
      try {
        for (int i = 0; i <= CORRUPTIONS; i++) {
          String cell = cells[i + 1].replaceAll("\\[.*]", "").replace("*", "").trim();
          row[i] = Double.parseDouble(cell);
        }
      } catch (NumberFormatException header) {
        continue;
      }
      rows.add(row);
    }
    return rows;
  }
}
