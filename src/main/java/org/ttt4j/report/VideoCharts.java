package org.ttt4j.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ttt4j.data.Image;
import org.ttt4j.provenance.AtomicFiles;

/** Figures of the video experiments: a metric against a parameter, and strips of masks. */
public final class VideoCharts {

  /** One line: y (with an optional +-error band drawn as error bars) against x. */
  public record Line(String name, List<Double> x, List<Double> y, List<Double> error) {}

  private VideoCharts() {}

  /**
   * A line chart, e.g. mIoU against window size k. With {@code logX} the x axis is in powers of
   * two: x is drawn at log2(x) and labelled with its value, so k = 1, 2, 4, ..., 64 each get a
   * tick (XChart's own logarithmic axis labels only the powers of ten).
   */
  public static void lines(Path png, String title, String xTitle, String yTitle, List<Line> lines,
      boolean logX) {
    XYChart c = Charts.xy(title, xTitle, yTitle, 760, 420);
    c.getStyler().setYAxisDecimalPattern("#,##0.##");      // no 21.590000000000003 ticks
    if (logX) {
      c.getStyler().setxAxisTickLabelsFormattingFunction(VideoCharts::powerOfTwoLabel);
    }
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      List<Double> x = logX ? l.x().stream().map(v -> log2(v, l.name())).toList() : l.x();
      var s = l.error() == null ? c.addSeries(l.name(), x, l.y())
          : c.addSeries(l.name(), x, l.y(), l.error());
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineColor(Charts.colour(i));
      s.setMarkerColor(Charts.colour(i));
    }
    BufferedImage img = Charts.image(c);
    AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
  }

  private static double log2(double v, String line) {
    if (!(v > 0)) {
      throw new IllegalArgumentException("line '" + line + "' has x = " + v
          + ": a power-of-two axis needs every x above 0");
    }
    return Math.log(v) / Math.log(2);
  }

  /** The label of position {@code e} on a power-of-two axis: 2^e, whole when it is whole. */
  static String powerOfTwoLabel(double e) {
    double v = Math.pow(2, e);
    long whole = Math.round(v);
    return Math.abs(v - whole) < 1e-6 * Math.max(1, v) ? Long.toString(whole)
        : String.format(java.util.Locale.ROOT, "%.3g", v);
  }

  /**
   * A grid of grey frames and label maps: {@code rows.get(r).get(c)} is drawn at row r, column c,
   * {@code scale} times enlarged; label maps (names ending in "labels") use a class palette.
   */
  public static void strip(Path png, List<String> rowNames, List<List<Image>> rows,
      List<Boolean> isLabels, int scale) {
    int h = rows.get(0).get(0).height() * scale;
    int w = rows.get(0).get(0).width() * scale;
    int label = 120;
    int cols = rows.get(0).size();
    BufferedImage out = new BufferedImage(label + cols * (w + 2), rows.size() * (h + 2),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(Charts.AXIS);
    for (int r = 0; r < rows.size(); r++) {
      g.drawString(rowNames.get(r), 4, r * (h + 2) + h / 2 + 5);
      for (int c = 0; c < cols; c++) {
        Image img = rows.get(r).get(c);
        for (int y = 0; y < img.height(); y++) {
          for (int x = 0; x < img.width(); x++) {
            int v = img.get(y, x, 0);
            g.setColor(isLabels.get(r) ? classColour(v) : new Color(v, v, v));
            g.fillRect(label + c * (w + 2) + x * scale, r * (h + 2) + y * scale, scale, scale);
          }
        }
      }
    }
    g.dispose();
    AtomicFiles.write(png, o -> ImageIO.write(out, "png", o));
  }

  /** Black for background (0), then a fixed distinct colour per class. */
  static Color classColour(int c) {
    if (c == 0) {
      return Color.BLACK;
    }
    float hue = ((c * 0.618034f) % 1f);
    return Color.getHSBColor(hue, 0.75f, 0.95f);
  }
}
