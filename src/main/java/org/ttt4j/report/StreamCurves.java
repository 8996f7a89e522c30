package org.ttt4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ttt4j.eval.Evaluation;

/**
 * The online view of a stream: along each segment (the model is reset at its start), the running
 * accuracy of the predictions as a moving average, a vertical line where the corruption changes,
 * and the held-out accuracy of the current weights as diamonds. Runs over the same segments share a
 * panel, so online, window and the fixed model can be compared sample by sample.
 */
final class StreamCurves {

  /** One run's part of a segment: its records and held-out measurements there. */
  record Trace(String name, Color colour, List<Evaluation.Record> records,
      List<Evaluation.HoldoutRecord> holdout) {}

  /**
   * One panel: a segment of the stream.
   *
   * @param title what the segment holds, e.g. "segment 3: fog:5"
   * @param blocks the runs of samples of one shift (corruption:level) in the segment, in order
   */
  record Segment(String title, List<Block> blocks, List<Trace> traces) {}

  /** Samples {@code from} (inclusive) to {@code to} (exclusive) of the segment are {@code shift}. */
  record Block(int from, int to, String shift) {}

  /** More blocks than this in a segment (shuffled streams) are not drawn one by one. */
  private static final int MAX_BLOCKS = 20;

  private StreamCurves() {}

  /**
   * The segments of {@code records} (one run), keyed by what they hold: segment index, then the
   * sequence of corruption:level blocks, so runs over the same stream share keys.
   */
  static Map<String, Segment> segments(String name, Color colour,
      List<Evaluation.Record> records, List<Evaluation.HoldoutRecord> holdout) {
    Map<Integer, List<Evaluation.Record>> bySegment = new LinkedHashMap<>();
    records.forEach(r -> bySegment.computeIfAbsent(r.segment(), k -> new ArrayList<>()).add(r));
    Map<String, Segment> out = new LinkedHashMap<>();
    bySegment.forEach((seg, rs) -> {
      List<Block> blocks = new ArrayList<>();
      int from = 0;
      for (int i = 1; i <= rs.size(); i++) {
        if (i == rs.size() || !shift(rs.get(i)).equals(shift(rs.get(from)))) {
          blocks.add(new Block(from, i, shift(rs.get(from))));
          from = i;
        }
      }
      long distinct = blocks.stream().map(Block::shift).distinct().count();
      // "mixed" only where a shift comes back after another (shuffled), not for shifts in turn
      String title = "segment " + seg + ": " + (distinct == 1 ? blocks.get(0).shift()
          : distinct + " shifts" + (blocks.size() > distinct ? ", mixed" : ""));
      List<Evaluation.HoldoutRecord> held = holdout.stream().filter(h -> h.segment() == seg)
          .toList();
      String key = seg + " " + String.join(",", blocks.stream().map(Block::shift).toList());
      out.put(key, new Segment(title, blocks, List.of(new Trace(name, colour, rs, held))));
    });
    return out;
  }

  /** Panels for the merged segments of several runs, under one legend. */
  static BufferedImage draw(List<Segment> segments, List<Charts.Key> legend, int window) {
    int cols = segments.size() == 1 ? 1 : segments.size() <= 4 ? 2 : 3;
    int w = cols == 1 ? 1100 : cols == 2 ? 620 : 470;
    int h = cols == 1 ? 420 : 300;
    List<BufferedImage> panels = new ArrayList<>();
    for (Segment s : segments) {
      panels.add(Charts.image(panel(s, window, w, h)));
    }
    return Charts.grid("Running top-1 accuracy along the stream (moving average over " + window
        + " samples)", legend, panels, cols);
  }

  private static String shift(Evaluation.Record r) {
    return r.corruption() + ":" + r.severity();
  }

  /**
   * The blocks a panel marks with a dashed line at each start and a name: the segment's own
   * (corruption:level), or, when there are more than {@link #MAX_BLOCKS} of them but each
   * corruption comes in one piece (a gradual stream: every corruption through levels 1 to 5), one
   * block per corruption, named "corruption, levels a–b"; none when the segment is one shift or
   * its shifts are mixed.
   */
  static List<Block> marked(Segment s) {
    List<Block> blocks = s.blocks();
    if (blocks.size() <= 1) {
      return List.of();
    }
    if (blocks.size() <= MAX_BLOCKS) {
      return blocks;
    }
    List<Block> coarse = new ArrayList<>();
    List<String> levels = new ArrayList<>();
    for (Block b : blocks) {
      String corruption = b.shift().substring(0, b.shift().lastIndexOf(':'));
      String level = b.shift().substring(b.shift().lastIndexOf(':') + 1);
      Block last = coarse.isEmpty() ? null : coarse.get(coarse.size() - 1);
      if (last != null && last.shift().equals(corruption)) {
        coarse.set(coarse.size() - 1, new Block(last.from(), b.to(), corruption));
        levels.set(levels.size() - 1, levels.get(levels.size() - 1).replaceAll("–.*", "")
            + "–" + level);
      } else {
        coarse.add(new Block(b.from(), b.to(), corruption));
        levels.add(level);
      }
    }
    long corruptions = coarse.stream().map(Block::shift).distinct().count();
    if (coarse.size() > MAX_BLOCKS || coarse.size() != corruptions || coarse.size() < 2) {
      return List.of();
    }
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < coarse.size(); i++) {
      Block b = coarse.get(i);
      out.add(new Block(b.from(), b.to(), b.shift() + (levels.get(i).contains("–")
          ? ", levels " + levels.get(i) : ":" + levels.get(i))));
    }
    return out;
  }

  private static XYChart panel(Segment s, int window, int w, int h) {
    XYChart c = Charts.accuracy(s.title(), "samples seen in the segment", w, h);
    c.getStyler().setLegendVisible(false);
    int length = 0;
    for (Trace t : s.traces()) {
      List<Double> hit = new ArrayList<>();
      t.records().forEach(r -> hit.add(r.correct() ? 100.0 : 0.0));
      List<Double> smooth = TrainingCurves.smooth(hit, window);
      // Full windows only: the average of the first few samples would swing between 0 and 100.
      int from = Math.min(window, hit.size()) - 1;
      List<Double> x = new ArrayList<>();
      for (int i = from; i < hit.size(); i++) {
        x.add(i + 1.0);
      }
      length = Math.max(length, hit.size());
      XYSeries line = c.addSeries(t.name(), x, smooth.subList(from, hit.size()));
      line.setMarker(SeriesMarkers.NONE);
      line.setLineColor(t.colour());
      line.setLineStyle(new BasicStroke(1.6f));
      if (!t.holdout().isEmpty()) {
        XYSeries held = c.addSeries(t.name() + " held-out",
            t.holdout().stream().map(hr -> (double) hr.seen()).toList(),
            t.holdout().stream().map(hr -> 100 * hr.top1()).toList());
        held.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        held.setMarker(SeriesMarkers.DIAMOND);
        held.setMarkerColor(t.colour());
        held.setShowInLegend(false);
      }
    }
    c.getStyler().setXAxisMin(0.0);
    c.getStyler().setXAxisMax((double) Math.max(1, length));
    List<Block> marked = marked(s);
    if (!marked.isEmpty()) {
      // a dashed line where the shift changes, each block named at its middle
      c.getStyler().setAnnotationLineColor(new Color(110, 110, 110));
      c.getStyler().setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
      c.getStyler().setAnnotationTextFont(Charts.AXIS.deriveFont(10f));
      for (Block b : marked) {
        if (b.from() > 0) {
          c.addAnnotation(new AnnotationLine(b.from(), true, false));
        }
        c.addAnnotation(new AnnotationText(b.shift(), (b.from() + b.to()) / 2.0, 96, false));
      }
    }
    return c;
  }
}
