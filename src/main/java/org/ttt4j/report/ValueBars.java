package org.ttt4j.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * Grouped bars of a plain value per category (seconds per sample, a gain in points), one colour
 * per series; for accuracies with intervals use {@link AccuracyBars}.
 */
final class ValueBars {

  /** One series: a value per category, in the categories' order (NaN: no bar). */
  record Series(String name, Color colour, List<Double> values) {}

  private ValueBars() {}

  static BufferedImage draw(String title, String xTitle, String yTitle, List<String> categories,
      List<Series> series) {
    CategoryChart c = new CategoryChartBuilder()
        .width(Math.min(1600, Math.max(760, 160 + categories.size() * (40 + 24 * series.size()))))
        .height(460).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    c.getStyler().setLegendBorderColor(Color.WHITE);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setChartTitleFont(Charts.TITLE);
    c.getStyler().setAxisTitleFont(Charts.AXIS);
    c.getStyler().setLabelsVisible(true);
    c.getStyler().setLabelsFont(Charts.AXIS.deriveFont(10f));
    c.getStyler().setLabelsPosition(0.9);
    c.getStyler().setYAxisDecimalPattern("0.##");
    for (Series s : series) {
      CategorySeries bars = c.addSeries(s.name(), categories, s.values());
      bars.setFillColor(s.colour());
    }
    return BitmapEncoder.getBufferedImage(c);
  }
}
