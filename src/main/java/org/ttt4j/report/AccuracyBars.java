package org.ttt4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ttt4j.eval.Summary;

/**
 * Grouped bars of top-1 accuracy, one group per category (a corruption, a class) and one colour per
 * run, each with its 95 % Wilson interval as a whisker. Wilson intervals are not symmetric, which
 * XChart's error bars are, so the bars and whiskers are drawn as polygons and lines on an XY chart
 * whose integer x positions are the categories.
 */
final class AccuracyBars {

  /** One run's bars: its cell per category (a category it lacks gets no bar). */
  record Bars(String name, Color colour, Map<String, Summary.Cell> cells) {}

  private AccuracyBars() {}

  /** One bar series per run (its colour by position), with its summary's cells per corruption. */
  static List<Bars> byCorruption(List<EvalRun> runs, List<Summary> rows) {
    List<Bars> out = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      out.add(new Bars(runs.get(i).name(), Charts.colour(i), rows.get(i).byCorruption()));
    }
    return out;
  }

  /** The corruptions of several summaries in first-seen order, as {@code Summary.markdown} does. */
  static List<String> corruptions(List<Summary> rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(s -> s.byCorruption().keySet().stream().filter(c -> !out.contains(c))
        .forEach(out::add));
    return out;
  }

  static BufferedImage draw(String title, String xTitle, List<String> categories,
      List<Bars> runs) {
    int n = categories.size();
    int groupPx = Math.max(56, 20 * runs.size() + 24);
    XYChart c = Charts.accuracy(title, xTitle, Math.min(1800, Math.max(760, 140 + n * groupPx)),
        520);
    double slot = 1.0 / (runs.size() + 1);        // bar width: the gap between groups is one bar
    for (int r = 0; r < runs.size(); r++) {
      Bars run = runs.get(r);
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      List<double[]> whiskers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Summary.Cell cell = run.cells().get(categories.get(i));
        if (cell == null || cell.total() == 0) {
          continue;
        }
        double left = i - runs.size() * slot / 2 + r * slot + 0.08 * slot;
        double right = left + 0.84 * slot;
        double top = 100 * cell.top1();
        x.addAll(List.of(left, left, right, right));
        y.addAll(List.of(0.0, top, top, 0.0));
        whiskers.add(new double[] {(left + right) / 2, 100 * cell.low(), 100 * cell.high(),
            0.22 * slot});
      }
      if (x.isEmpty()) {
        continue;
      }
      XYSeries bars = c.addSeries(run.name(), x, y);
      bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      bars.setMarker(SeriesMarkers.NONE);
      bars.setFillColor(run.colour());
      bars.setLineColor(run.colour());
      bars.setLineStyle(SeriesLines.NONE);     // fill only: no outline along the baseline
      for (int w = 0; w < whiskers.size(); w++) {
        addWhisker(c, run.name() + " interval " + w, whiskers.get(w));
      }
    }
    c.getStyler().setXAxisMin(-0.5);
    c.getStyler().setXAxisMax(n - 0.5);
    // Ticks one category apart (a hint narrower than a group), labelled with the category names
    // and turned as far as they must be to fit: XChart skips labels that would overlap.
    int hint = (int) Math.max(10, 0.75 * (c.getWidth() - 90.0) / n);
    c.getStyler().setXAxisTickMarkSpacingHint(hint);
    c.getStyler().setxAxisTickLabelsFormattingFunction(v -> label(categories, v));
    c.getStyler().setXAxisLabelRotation(rotation(categories,
        c.getStyler().getAxisTickLabelsFont(), hint));
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setPlotGridVerticalLinesVisible(false);
    return Charts.image(c);
  }

  /** The smallest turn (degrees) at which the longest label is narrower than {@code px}. */
  private static int rotation(List<String> labels, Font font, int px) {
    FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
        .getFontMetrics(font);
    int longest = labels.stream().mapToInt(fm::stringWidth).max().orElse(0);
    for (int degrees : new int[] {0, 30, 45, 60}) {
      double t = Math.toRadians(degrees);
      if (1.1 * (longest * Math.cos(t) + fm.getHeight() * Math.sin(t)) < px) {
        return degrees;
      }
    }
    return 90;
  }

  /** A vertical line from low to high with caps: [x, low, high, half cap width]. */
  private static void addWhisker(XYChart c, String name, double[] w) {
    double x = w[0];
    double cap = w[3];
    XYSeries s = c.addSeries(name, new double[] {x - cap, x + cap, x, x, x - cap, x + cap},
        new double[] {w[1], w[1], w[1], w[2], w[2], w[2]});
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(Color.BLACK);
    s.setLineStyle(new BasicStroke(1.2f));
    s.setShowInLegend(false);
  }

  /**
   * The name of the category at tick {@code v}. XChart wants the labels at both ends of the axis
   * to differ and widens the tick spacing until all labels do: ticks between categories are all
   * blank (so a spacing finer than one category is never chosen), and ticks beyond either end get
   * blanks of their own (spaces on the left, no-break spaces on the right).
   */
  private static String label(List<String> categories, double v) {
    int last = categories.size() - 1;
    if (v < -1e-6) {
      return " ".repeat((int) Math.min(16, Math.round(-2 * v)));
    }
    if (v > last + 1e-6) {
      return "\u00a0".repeat((int) Math.min(16, Math.round(2 * (v - last))));
    }
    long i = Math.round(v);
    return Math.abs(v - i) < 1e-6 ? categories.get((int) i) : "";
  }
}
