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
import org.ttt4j.data.video.VideoFolder;
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
    lines(png, title, xTitle, yTitle, lines, logX, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY);
  }

  /**
   * The same with the y axis kept within [yMin, yMax] (e.g. 0..100 for a percentage, whose 95 %
   * interval over few videos can reach past both): it ends at the data's extent, error bars
   * included, or at the bound where they reach past it, and the bars are cut there.
   */
  public static void lines(Path png, String title, String xTitle, String yTitle, List<Line> lines,
      boolean logX, double yMin, double yMax) {
    XYChart c = Charts.xy(title, xTitle, yTitle, 760, 420);
    c.getStyler().setYAxisDecimalPattern("#,##0.##");      // no 21.590000000000003 ticks
    c.getStyler().setLegendVisible(lines.size() > 1);      // one line: the title names it
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Line l : lines) {
      for (int i = 0; i < l.y().size(); i++) {
        double e = l.error() == null ? 0 : l.error().get(i);
        lo = Math.min(lo, l.y().get(i) - e);
        hi = Math.max(hi, l.y().get(i) + e);
      }
    }
    if (lo < yMin) {
      c.getStyler().setYAxisMin(yMin);
    }
    if (hi > yMax) {
      c.getStyler().setYAxisMax(yMax);
    }
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
   * A grid of frames and label maps: {@code rows.get(r).get(c)} is drawn at row r, column c,
   * {@code scale} times enlarged; rows whose {@code isLabels} is true use a class palette.
   */
  public static void strip(Path png, List<String> rowNames, List<List<Image>> rows,
      List<Boolean> isLabels, int scale) {
    strip(png, rowNames, List.of(), rows, isLabels, List.of(), scale);
  }

  /**
   * The same with a heading over each column ({@code columnNames}, may be empty) and, below the
   * grid, a legend of every class the label rows show: its colour, value and name from {@code
   * classNames} (the value alone where a name is missing). Row names are never clipped: the
   * name column is as wide as the longest.
   */
  public static void strip(Path png, List<String> rowNames, List<String> columnNames,
      List<List<Image>> rows, List<Boolean> isLabels, List<String> classNames, int scale) {
    int h = rows.get(0).get(0).height() * scale;
    int w = rows.get(0).get(0).width() * scale;
    int cols = rows.get(0).size();
    Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    java.awt.FontMetrics fm;
    try {
      fm = measure.getFontMetrics(Charts.AXIS);
    } finally {
      measure.dispose();
    }
    int label = 12 + rowNames.stream().mapToInt(fm::stringWidth).max().orElse(0);
    int header = columnNames.isEmpty() ? 0 : fm.getHeight() + 4;
    int gridWidth = label + cols * (w + 2);
    // the legend: the classes the label rows show, in order, wrapped to the grid's width
    java.util.TreeSet<Integer> shown = new java.util.TreeSet<>();
    for (int r = 0; r < rows.size(); r++) {
      if (isLabels.get(r)) {
        for (Image img : rows.get(r)) {
          for (byte b : img.pixels()) {
            shown.add(b & 0xFF);
          }
        }
      }
    }
    List<String> entries = new java.util.ArrayList<>();
    for (int c : shown) {
      String name = c == VideoFolder.IGNORE ? "no label" : c < classNames.size() ? classNames.get(c) : null;
      entries.add(name == null ? Integer.toString(c) : c + " " + name);
    }
    int swatch = fm.getAscent();
    List<Integer> entryX = new java.util.ArrayList<>();
    List<Integer> entryLine = new java.util.ArrayList<>();
    int x0 = 4;
    int line = 0;
    for (String e : entries) {
      int width = swatch + 4 + fm.stringWidth(e) + 16;
      if (x0 > 4 && x0 + width > gridWidth) {
        x0 = 4;
        line++;
      }
      entryX.add(x0);
      entryLine.add(line);
      x0 += width;
    }
    int lineHeight = fm.getHeight() + 4;
    int legend = entries.isEmpty() ? 0 : 6 + (line + 1) * lineHeight;
    int gridTop = header;
    BufferedImage out = new BufferedImage(gridWidth, gridTop + rows.size() * (h + 2) + legend,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
        java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setFont(Charts.AXIS);
    for (int c = 0; c < columnNames.size() && c < cols; c++) {
      g.setColor(Color.BLACK);
      String name = columnNames.get(c);
      g.drawString(name, label + c * (w + 2) + Math.max(0, (w - fm.stringWidth(name)) / 2),
          fm.getAscent() + 1);
    }
    for (int r = 0; r < rows.size(); r++) {
      int top = gridTop + r * (h + 2);
      g.setColor(Color.BLACK);           // the pixels below change the colour: set it each row
      g.drawString(rowNames.get(r), 4, top + h / 2 + fm.getAscent() / 2 - 1);
      for (int c = 0; c < cols; c++) {
        Image img = rows.get(r).get(c);
        for (int y = 0; y < img.height(); y++) {
          for (int x = 0; x < img.width(); x++) {
            g.setColor(isLabels.get(r) ? classColour(img.get(y, x, 0)) : pixel(img, y, x));
            g.fillRect(label + c * (w + 2) + x * scale, top + y * scale, scale, scale);
          }
        }
      }
    }
    int legendTop = gridTop + rows.size() * (h + 2) + 6;
    List<Integer> classes = List.copyOf(shown);
    for (int i = 0; i < entries.size(); i++) {
      int y = legendTop + entryLine.get(i) * lineHeight;
      int c = classes.get(i);
      g.setColor(classColour(c));
      g.fillRect(entryX.get(i), y + 1, swatch, swatch);
      g.setColor(Color.GRAY);
      g.drawRect(entryX.get(i), y + 1, swatch, swatch);
      g.setColor(Color.BLACK);
      g.drawString(entries.get(i), entryX.get(i) + swatch + 4, y + fm.getAscent());
    }
    g.dispose();
    AtomicFiles.write(png, o -> ImageIO.write(out, "png", o));
  }

  /** A frame pixel: grey, or in colour for an RGB frame. */
  private static Color pixel(Image img, int y, int x) {
    if (img.channels() >= 3) {
      return new Color(img.get(y, x, 0), img.get(y, x, 1), img.get(y, x, 2));
    }
    int v = img.get(y, x, 0);
    return new Color(v, v, v);
  }

  /**
   * Classes 1..10 in the ten colours of d3's category10 (told apart on the black background far
   * better than hues a golden ratio apart, which put two greens and two pinks among ten classes);
   * further classes at hues a golden ratio apart.
   */
  private static final int[] CLASS_PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
      0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};

  /** Black for background (0), light grey for 255 (no label), then a distinct colour per class. */
  static Color classColour(int c) {
    if (c == 0) {
      return Color.BLACK;
    }
    if (c == VideoFolder.IGNORE) {
      return Color.LIGHT_GRAY;
    }
    if (c <= CLASS_PALETTE.length) {
      return new Color(CLASS_PALETTE[c - 1]);
    }
    float hue = ((c * 0.618034f) % 1f);
    return Color.getHSBColor(hue, 0.75f, 0.95f);
  }

}
