package org.ttt4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Scatter plots of labelled point groups (a PCA projection coloured by class or by corruption,
 * object size against gain), optionally with paths drawn over them (latent trajectories).
 */
final class Scatter {

  /**
   * Points of one group; {@code legend} false keeps a repeated group out of the legend;
   * {@code marked} draws large opaque diamonds (the start of a path) instead of small dots.
   */
  record Group(String name, Color colour, double[] x, double[] y, boolean legend,
      boolean marked) {
    Group(String name, Color colour, double[] x, double[] y) {
      this(name, colour, x, y, true, false);
    }
  }

  /** Ten distinguishable colours for classes (Tableau 10). */
  private static final List<Color> CLASSES = List.of(new Color(0x4E79A7), new Color(0xF28E2B),
      new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948),
      new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0x7F7F7F));

  /** How many classes have a colour of their own. */
  static final int CLASS_COLOURS = 10;

  private Scatter() {}

  /** The colour of class {@code k}. */
  static Color classColour(int k) {
    return CLASSES.get(k % CLASSES.size());
  }

  /** A chart of point groups, then {@code paths} as lines with small markers over them. */
  static XYChart chart(String title, String xTitle, String yTitle, List<Group> points,
      List<Group> paths, int w, int h) {
    XYChart c = Charts.xy(title, xTitle, yTitle, w, h);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setMarkerSize(5);
    java.util.Set<String> names = new java.util.HashSet<>();
    // drawn in order: plain points, then the paths over them, then the marked points on top
    points.stream().filter(g -> !g.marked()).forEach(g -> points(c, g, names, !paths.isEmpty()));
    int p = 0;
    for (Group g : paths) {
      XYSeries s = c.addSeries("path " + p++ + " " + g.name(), g.x(), g.y());
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setLineColor(g.colour());
      s.setLineStyle(new BasicStroke(2f));
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(g.colour());
      s.setShowInLegend(false);
    }
    points.stream().filter(Group::marked).forEach(g -> points(c, g, names, false));
    return c;
  }

  private static void points(XYChart c, Group g, java.util.Set<String> names, boolean faint) {
    // XChart needs unique series names; a group left out of the legend may repeat one
    String name = names.add(g.name()) ? g.name() : g.name() + " #" + names.size();
    names.add(name);
    XYSeries s = c.addSeries(name, g.x(), g.y());
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(g.marked() ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
    s.setMarkerColor(g.marked() ? g.colour() : translucent(g.colour(), faint ? 60 : 150));
    s.setShowInLegend(g.legend());
  }

  static BufferedImage draw(String title, String xTitle, String yTitle, List<Group> points,
      int w, int h) {
    return Charts.image(chart(title, xTitle, yTitle, points, List.of(), w, h));
  }

  private static Color translucent(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }
}
