package org.ttt4j.report;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ttt4j.provenance.AtomicFiles;

/**
 * The training-curve figure of a run: losses (smoothed, per step) above, learning rate below, with
 * evaluation accuracies as points when there are any. Plain numbers in, PNG out.
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

  /** Writes a two-panel PNG: {@code losses} over steps, {@code lr} over steps. */
  public static void write(Path png, String title, List<Series> losses, Series lr) {
    XYChart top = Charts.xy(title, "step", "loss", 900, 380);
    for (Series s : losses) {
      if (!s.x().isEmpty()) {
        XYSeries xy = top.addSeries(s.name(), s.x(), s.y());
        xy.setMarker(s.name().contains("accuracy") ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      }
    }
    top.getStyler().setXAxisTickMarkSpacingHint(120);
    XYChart bottom = Charts.xy("learning rate", "step", "lr", 900, 200);
    bottom.getStyler().setXAxisTickMarkSpacingHint(120);
    bottom.getStyler().setYAxisDecimalPattern("0.0E0");
    if (!lr.x().isEmpty()) {
      bottom.addSeries(lr.name(), lr.x(), lr.y()).setMarker(SeriesMarkers.NONE);
    }
    BufferedImage a = BitmapEncoder.getBufferedImage(top);
    BufferedImage b = BitmapEncoder.getBufferedImage(bottom);
    BufferedImage both = new BufferedImage(900, a.getHeight() + b.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    var g = both.createGraphics();
    g.drawImage(a, 0, 0, null);
    g.drawImage(b, 0, a.getHeight(), null);
    g.dispose();
    AtomicFiles.write(png, out -> ImageIO.write(both, "png", out));
  }
}
