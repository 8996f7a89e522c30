package org.ttt4j.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * Names written beside the points of a scatter plot without covering one another: points that
 * fall within a few pixels of each other share one label (their distinct names joined by ", "),
 * and each label takes the first place around its point (above, below, right, left, then the
 * corners) that lies inside the plot and overlaps neither an earlier label nor any point. A label
 * with no free place is written above its point anyway: a name over a name is better than a point
 * without one. Placement is done at paint time, in the chart's own pixels.
 */
final class PointLabels extends Annotation {

  /** The name of the point at ({@code x}, {@code y}): data coordinates, or pixels in layout. */
  record Label(String text, double x, double y) {}

  /** Points closer than this (pixels, both axes) share a label. */
  private static final int SAME = 4;
  /** Gap between a point and its label, pixels. */
  private static final int GAP = 5;
  /** Half the size of the box a point occupies, pixels. */
  private static final int POINT = 4;

  private final List<Label> labels;
  private final Font font;

  PointLabels(List<Label> labels, Font font) {
    super(false);
    this.labels = List.copyOf(labels);
    this.font = font;
  }

  /** A point in pixels, with the names of the labels there. */
  private static final class Spot {
    final int x;
    final int y;
    final List<String> names = new ArrayList<>();

    Spot(int x, int y) {
      this.x = x;
      this.y = y;
    }
  }

  /** A label placed: its text and its box in pixels (x, y: the top left corner). */
  record Placed(String text, Rectangle2D box) {}

  @Override
  public void paint(Graphics2D g) {
    if (!isVisible || labels.isEmpty()) {
      return;
    }
    List<Label> pixels = new ArrayList<>();
    for (Label l : labels) {
      if (!Double.isNaN(l.x()) && !Double.isNaN(l.y())) {
        pixels.add(new Label(l.text(), getXAxisScreenValue(l.x()), getYAxisScreenValue(l.y())));
      }
    }
    // the plot's edges in pixels (which of "min" and "max" is the top depends on the axis)
    int left = Math.min(getXAxisScreenValueForMin(), getXAxisScreenValueForMax());
    int right = Math.max(getXAxisScreenValueForMin(), getXAxisScreenValueForMax());
    int top = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
    int bottom = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
    Rectangle2D plot = new Rectangle2D.Double(left, top, right - left, bottom - top);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(font);
    g.setColor(new Color(40, 40, 40));
    FontMetrics fm = g.getFontMetrics();
    Rectangle2D union = null;
    for (Placed p : layout(pixels, fm, plot)) {
      g.drawString(p.text(), (float) p.box().getX(), (float) (p.box().getY() + fm.getAscent()));
      union = union == null ? p.box() : union.createUnion(p.box());
    }
    bounds = union;
  }

  /**
   * Where the labels of {@code points} (in pixels) go inside {@code plot}: one label per spot
   * (points within {@link #SAME} pixels of each other), placed top to bottom, left to right.
   */
  static List<Placed> layout(List<Label> points, FontMetrics fm, Rectangle2D plot) {
    List<Spot> spots = new ArrayList<>();
    for (Label l : points) {
      int x = (int) Math.round(l.x());
      int y = (int) Math.round(l.y());
      Spot at = spots.stream().filter(s -> Math.abs(s.x - x) <= SAME && Math.abs(s.y - y) <= SAME)
          .findFirst().orElse(null);
      if (at == null) {
        at = new Spot(x, y);
        spots.add(at);
      }
      if (!at.names.contains(l.text())) {
        at.names.add(l.text());
      }
    }
    List<Rectangle2D> taken = new ArrayList<>();
    spots.forEach(s -> taken.add(new Rectangle2D.Double(s.x - POINT, s.y - POINT, 2 * POINT,
        2 * POINT)));
    // top to bottom, left to right: the order a reader scans, and a stable result
    spots.sort(Comparator.<Spot>comparingInt(s -> s.y).thenComparingInt(s -> s.x));
    List<Placed> out = new ArrayList<>();
    for (Spot s : spots) {
      String text = String.join(", ", s.names);
      Rectangle2D box = place(s, fm.stringWidth(text), fm.getAscent(), plot, taken);
      taken.add(box);
      out.add(new Placed(text, box));
    }
    return out;
  }

  /** The first free place for a label of {@code w} × {@code h} pixels around {@code s}. */
  private static Rectangle2D place(Spot s, int w, int h, Rectangle2D plot,
      List<Rectangle2D> taken) {
    double[][] at = {
        {s.x - w / 2.0, s.y - GAP - h},            // above
        {s.x - w / 2.0, s.y + GAP},                // below
        {s.x + GAP + 2, s.y - h / 2.0},            // right
        {s.x - GAP - 2 - w, s.y - h / 2.0},        // left
        {s.x + GAP, s.y - GAP - h},                // above right
        {s.x - GAP - w, s.y - GAP - h},            // above left
        {s.x + GAP, s.y + GAP},                    // below right
        {s.x - GAP - w, s.y + GAP}};               // below left
    Rectangle2D inside = null;
    for (double[] p : at) {
      Rectangle2D box = new Rectangle2D.Double(p[0], p[1], w, h);
      if (!plot.contains(box)) {
        continue;
      }
      inside = inside == null ? box : inside;
      if (taken.stream().noneMatch(box::intersects)) {
        return box;
      }
    }
    return inside != null ? inside : new Rectangle2D.Double(at[0][0], at[0][1], w, h);
  }
}
