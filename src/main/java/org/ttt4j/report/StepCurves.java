package org.ttt4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Top-1 accuracy after k adaptation steps, k = 0..K (k = 0 is the model before adapting to the
 * sample), for the runs that predict after every step (standard TTT). Runs with one prediction per
 * sample are drawn as dashed horizontal references at their final accuracy.
 */
final class StepCurves {

  /**
   * One run's curve.
   *
   * @param accuracy top-1 in [0, 1] after each step; one value for a run that does not step
   */
  record Curve(String name, Color colour, double[] accuracy) {
    boolean steps() {
      return accuracy.length > 1;
    }
  }

  private StepCurves() {}

  /** All corruptions pooled, one line per run. */
  static BufferedImage pooled(List<Curve> curves) {
    int steps = curves.stream().mapToInt(x -> x.accuracy().length).max().orElse(1) - 1;
    XYChart c = chart("Top-1 accuracy after k TTT steps (all corruptions pooled)", curves, steps,
        900, 460);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    return Charts.image(c);
  }

  /**
   * One small panel per column (corruption:level) that a stepping run covers, under a shared
   * legend; {@code curves} are all the runs' curves (for the legend).
   */
  static BufferedImage perColumn(List<Curve> curves, Map<String, List<Curve>> byColumn) {
    int steps = curves.stream().mapToInt(x -> x.accuracy().length).max().orElse(1) - 1;
    List<BufferedImage> panels = new ArrayList<>();
    byColumn.forEach((col, in) -> {
      if (in.stream().anyMatch(Curve::steps)) {
        XYChart c = chart(col, in, steps, 420, 280);
        c.getStyler().setLegendVisible(false);
        panels.add(Charts.image(c));
      }
    });
    List<Charts.Key> keys = new ArrayList<>();
    for (Curve curve : curves) {
      keys.add(new Charts.Key(curve.name() + (curve.steps() ? "" : " (no steps)"),
          curve.colour(), Charts.Mark.LINE));
    }
    return Charts.grid("Top-1 accuracy after k TTT steps, per corruption", keys, panels, 3);
  }

  /** Curves over k = 0..{@code steps}. */
  private static XYChart chart(String title, List<Curve> curves, int steps, int w, int h) {
    XYChart c = Charts.xy(title, "TTT steps k on the sample", "top-1 accuracy (%)", w, h);
    double low = 100;
    double high = 0;
    for (Curve curve : curves) {
      double[] k;
      double[] y;
      if (curve.steps()) {
        k = new double[curve.accuracy().length];
        y = new double[k.length];
        for (int i = 0; i < k.length; i++) {
          k[i] = i;
          y[i] = 100 * curve.accuracy()[i];
        }
      } else {
        k = new double[] {0, steps};
        y = new double[] {100 * curve.accuracy()[0], 100 * curve.accuracy()[0]};
      }
      for (double v : y) {
        low = Double.isNaN(v) ? low : Math.min(low, v);
        high = Double.isNaN(v) ? high : Math.max(high, v);
      }
      XYSeries s = c.addSeries(curve.name() + (curve.steps() ? "" : " (no steps)"), k, y);
      s.setLineColor(curve.colour());
      if (curve.steps()) {
        s.setLineStyle(new BasicStroke(2f));
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(curve.colour());
      } else {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 5f}, 0f));
      }
    }
    // A zoomed y range (differences between steps are a few points) that still shows the scale.
    c.getStyler().setYAxisMin(Math.max(0, Math.floor((low - 3) / 5) * 5));
    c.getStyler().setYAxisMax(Math.min(100, Math.ceil((high + 3) / 5) * 5));
    c.getStyler().setXAxisMin(0.0);
    c.getStyler().setXAxisMax((double) Math.max(1, steps));
    c.getStyler().setXAxisDecimalPattern("0");
    c.getStyler().setXAxisTickMarkSpacingHint(40);
    return c;
  }
}
