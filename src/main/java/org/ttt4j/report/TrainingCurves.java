package org.ttt4j.report;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ttt4j.provenance.AtomicFiles;

/**
 * The training-curve figure of a run: losses (smoothed, per step) above, learning rate below.
 * Plain numbers in, PNG out.
 */
public final class TrainingCurves {

  /** One named series of (x, y) points. */
  public record Series(String name, List<Double> x, List<Double> y) {}

  private TrainingCurves() {}

  /** Moving average over {@code window} points (the first points average what exists). */
  public static List<Double> smooth(List<Double> y, int window) {
    List<Double> out = new ArrayList<>(y.size());
    double sum = 0;
    for (int i = 0; i < y.size(); i++) {
      sum += y.get(i);
      if (i >= window) {
        sum -= y.get(i - window);
      }
      out.add(sum / Math.min(i + 1, window));
    }
    return out;
  }

  /**
   * At most about {@code max} points of {@code s}, evenly strided, always with its first and last
   * point: a curve with more points than the figure has pixels draws no differently.
   */
  static Series thin(Series s, int max) {
    int n = s.x().size();
    if (n <= MIN_STRIDED) {
      return s;
    }
    int stride = Math.max(2, (n + max - 1) / max);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < n; i += stride) {
      x.add(s.x().get(i));
      y.add(s.y().get(i));
    }
    if ((n - 1) % stride != 0) {
      x.add(s.x().get(n - 1));
      y.add(s.y().get(n - 1));
    }
    return new Series(s.name(), x, y);
  }

  /**
   * The power of ten the learning rates are drawn in, so that the largest lies in [1, 10): XChart
   * takes y values whose steps all differ by less than 1e-4 for evenly spaced and labels them
   * one by one, which with raw rates (1e-3 and below) piles the labels on top of each other.
   */
  static int lrExponent(List<Double> lr) {
    double max = lr.stream().mapToDouble(Math::abs).filter(Double::isFinite).max().orElse(0);
    return max > 0 ? (int) Math.floor(Math.log10(max)) : 0;
  }

  /** Curves up to this many points are drawn point by point. */
  static final int MIN_STRIDED = 100;

  private static final int MAX_POINTS = 600;

  static final int TOP_HEIGHT = 420;
  static final int BOTTOM_HEIGHT = 260;

  /** The moving-average window for a curve of {@code n} steps: about a hundredth of the run. */
  static int window(int n) {
    return Math.max(1, n / 100);
  }

  /**
   * Where both step axes start: at the first step any of {@code series} recorded (not at 0: a run
   * records from step 1, and the history of a resumed run, or a part cut out of one, starts
   * later), less a thousandth of a step. XChart puts the tick labels of x values that are evenly
   * spaced from the axis start on the data points (1, 5, 9, ... or a label every few pixels)
   * instead of at round numbers; the thousandth, a fraction of a pixel, breaks that spacing. A
   * history of one step is drawn as a point, on an axis from the step before to the step after.
   */
  static double stepAxisMin(List<Series> series) {
    double first = steps(series).min().orElse(0);
    return oneStep(series) ? first - 1 : first - UNEVEN;
  }

  /** The end of the step axes: XChart's (the last step) unless the history has one step. */
  static Double stepAxisMax(List<Series> series) {
    return oneStep(series) ? steps(series).max().orElse(0) + 1 : null;
  }

  private static boolean oneStep(List<Series> series) {
    return steps(series).distinct().count() == 1;
  }

  private static java.util.stream.DoubleStream steps(List<Series> series) {
    return series.stream().flatMap(s -> s.x().stream()).mapToDouble(Double::doubleValue)
        .filter(Double::isFinite);
  }

  /**
   * The top of the learning-rate axis, in the drawn unit: just above the largest rate, for the
   * same reason as {@link #stepAxisMin}: the rates of a run warming up are evenly spaced, which
   * XChart labelled one by one (5.128204999999999, 4.662005, ...). Null (XChart's own) when the
   * rate is constant.
   */
  static Double lrAxisMax(List<Double> scaled) {
    double max = scaled.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).max()
        .orElse(0);
    double min = scaled.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).min()
        .orElse(0);
    return max > min ? max + UNEVEN * (max - min) : null;
  }

  /** How far past the data an axis ends so that XChart draws round-number ticks (see above). */
  private static final double UNEVEN = 1e-3;

  /**
   * Writes a two-panel PNG: {@code losses} over steps, each as a moving average over about a
   * hundredth of the run (the window is named on the axis), and {@code lr} over steps as it was.
   * Both step axes start at the first step recorded.
   */
  public static void write(Path png, String title, List<Series> losses, Series lr) {
    List<Series> all = new ArrayList<>(losses);
    all.add(lr);
    double start = stepAxisMin(all);
    Double end = stepAxisMax(all);
    // one step draws no line: mark its point
    Marker marker = end != null ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE;
    int w = window(losses.stream().mapToInt(s -> s.x().size()).max().orElse(0));
    XYChart top = Charts.xy(title, "step",
        w == 1 ? "loss" : "loss (moving average over " + w + " steps)", 900, TOP_HEIGHT);
    for (int i = 0; i < losses.size(); i++) {
      Series s = losses.get(i);
      if (!s.x().isEmpty()) {
        Series drawn = thin(new Series(s.name(), s.x(), smooth(s.y(), w)), MAX_POINTS);
        XYSeries series = top.addSeries(s.name(), drawn.x(), drawn.y());
        series.setMarker(marker);
        series.setMarkerColor(Charts.colour(i));
        series.setLineColor(Charts.colour(i));
      }
    }
    top.getStyler().setXAxisTickMarkSpacingHint(120);
    top.getStyler().setXAxisMin(start);
    top.getStyler().setXAxisMax(end);
    // the legend under the plot, in one row: both plots then span the same width and their step
    // axes line up, and no curve is hidden behind it
    top.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    top.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    int exponent = lrExponent(lr.y());
    double unit = Math.pow(10, exponent);
    // 260 px leaves the plot tall enough (160 px and more) for XChart's usual y tick spacing
    XYChart bottom = Charts.xy("learning rate", "step",
        exponent == 0 ? "lr" : "lr (×1e" + exponent + ")", 900, BOTTOM_HEIGHT);
    bottom.getStyler().setLegendVisible(false);
    bottom.getStyler().setXAxisTickMarkSpacingHint(120);
    bottom.getStyler().setXAxisMin(start);
    bottom.getStyler().setXAxisMax(end);
    if (!lr.x().isEmpty()) {
      Series drawn = thin(lr, MAX_POINTS);
      List<Double> scaled = drawn.y().stream().map(v -> v / unit).toList();
      bottom.getStyler().setYAxisMax(lrAxisMax(scaled));
      XYSeries series = bottom.addSeries(lr.name(), drawn.x(), scaled);
      series.setMarker(marker);
      series.setMarkerColor(Charts.colour(6));
      series.setLineColor(Charts.colour(6));
    }
    BufferedImage a = BitmapEncoder.getBufferedImage(top);
    BufferedImage b = BitmapEncoder.getBufferedImage(bottom);
    BufferedImage both = new BufferedImage(900, a.getHeight() + b.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    var g = both.createGraphics();
    g.drawImage(a, 0, 0, null);
    g.drawImage(b, 0, a.getHeight(), null);
    g.dispose();
    // through a memory cache: ImageIO's default file cache registers a JVM shutdown hook on first
    // use, which fails ("Shutdown in progress") when a run stopped by Ctrl-C draws its curves
    AtomicFiles.write(png, out -> {
      try (MemoryCacheImageOutputStream image = new MemoryCacheImageOutputStream(out)) {
        ImageIO.write(both, "png", image);
      }
    });
  }
}
