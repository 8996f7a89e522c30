package org.ttt4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The look shared by every figure of the project: a white XChart with light grid lines, one
 * colour per run (the same in every figure of a report), PNG bytes out, and small multiples laid
 * out in a grid under one shared legend.
 */
final class Charts {

  /** One entry of a shared legend: a name and how its mark looks. */
  record Key(String name, Color colour, Mark mark) {}

  /** What a legend entry draws before its name. */
  enum Mark { LINE, BOX, DIAMOND }

  /** Okabe and Ito's colour-blind-safe palette (yellow left out: unreadable on white). */
  private static final List<Color> PALETTE = List.of(new Color(0x0072B2), new Color(0xE69F00),
      new Color(0x009E73), new Color(0xCC79A7), new Color(0xD55E00), new Color(0x56B4E9),
      new Color(0x000000), new Color(0x999999));

  /** How many runs have a colour of their own. */
  static final int COLOURS = 8;

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private Charts() {}

  /** The colour of the {@code i}-th run. */
  static Color colour(int i) {
    return PALETTE.get(i % PALETTE.size());
  }

  /** An empty XY chart in the project's style. */
  static XYChart xy(String title, String x, String y, int w, int h) {
    XYChart c = new XYChartBuilder().width(w).height(h).title(title).xAxisTitle(x).yAxisTitle(y)
        .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    c.getStyler().setLegendBorderColor(Color.WHITE);
    c.getStyler().setChartTitleFont(TITLE);
    c.getStyler().setAxisTitleFont(AXIS);
    c.getStyler().setPlotMargin(4);
    return c;
  }

  /** An XY chart whose y axis is a top-1 accuracy in percent, 0 to 100. */
  static XYChart accuracy(String title, String x, int w, int h) {
    XYChart c = xy(title, x, "top-1 accuracy (%)", w, h);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(100.0);
    return c;
  }

  static BufferedImage image(XYChart chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  /** {@code image} encoded as PNG. */
  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a PNG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * Small multiples: {@code panels} (all the same size) in rows of {@code columns}, under a title
   * and one legend for all of them.
   */
  static BufferedImage grid(String title, List<Key> legend, List<BufferedImage> panels,
      int columns) {
    int pw = panels.get(0).getWidth();
    int ph = panels.get(0).getHeight();
    int cols = Math.min(columns, panels.size());
    int rows = (panels.size() + cols - 1) / cols;
    List<List<Key>> lines = legendLines(legend, cols * pw);
    int header = 38 + LEGEND_LINE * lines.size();
    BufferedImage all = new BufferedImage(cols * pw, header + rows * ph,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, all.getWidth(), all.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(TITLE.deriveFont(16f));
    g.drawString(title, (all.getWidth() - g.getFontMetrics().stringWidth(title)) / 2, 22);
    for (int i = 0; i < lines.size(); i++) {
      drawLegend(g, lines.get(i), all.getWidth(), 44 + LEGEND_LINE * i);
    }
    for (int i = 0; i < panels.size(); i++) {
      g.drawImage(panels.get(i), (i % cols) * pw, header + (i / cols) * ph, null);
    }
    g.dispose();
    return all;
  }

  private static final int LEGEND_LINE = 20;
  private static final int LEGEND_GAP = 24;
  private static final int LEGEND_SAMPLE = 22;

  /** The legend's entries split into lines that each fit {@code width}, in order. */
  static List<List<Key>> legendLines(List<Key> keys, int width) {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    g.setFont(AXIS);
    List<List<Key>> lines = new ArrayList<>();
    List<Key> line = new ArrayList<>();
    int used = 0;
    for (Key k : keys) {
      int w = entryWidth(g, k);
      if (!line.isEmpty() && used + w - LEGEND_GAP > width - 16) {
        lines.add(line);
        line = new ArrayList<>();
        used = 0;
      }
      line.add(k);
      used += w;
    }
    if (!line.isEmpty()) {
      lines.add(line);
    }
    g.dispose();
    return lines;
  }

  private static int entryWidth(Graphics2D g, Key k) {
    return LEGEND_SAMPLE + 6 + g.getFontMetrics().stringWidth(k.name()) + LEGEND_GAP;
  }

  /** One line of legend centred at baseline {@code y}. */
  private static void drawLegend(Graphics2D g, List<Key> keys, int width, int y) {
    g.setFont(AXIS);
    int sample = LEGEND_SAMPLE;
    int total = 0;
    for (Key k : keys) {
      total += entryWidth(g, k);
    }
    int x = Math.max(8, (width - total + LEGEND_GAP) / 2);
    for (Key k : keys) {
      g.setColor(k.colour());
      switch (k.mark()) {
        case BOX -> g.fillRect(x + 4, y - 11, sample - 8, 12);
        case LINE -> {
          g.setStroke(new BasicStroke(2.5f));
          g.drawLine(x, y - 5, x + sample, y - 5);
        }
        case DIAMOND -> g.fillPolygon(new int[] {x + 11, x + 17, x + 11, x + 5},
            new int[] {y - 11, y - 5, y + 1, y - 5}, 4);
      }
      g.setColor(Color.BLACK);
      g.drawString(k.name(), x + sample + 6, y);
      x += entryWidth(g, k);
    }
  }
}
