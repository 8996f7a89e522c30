package org.ttt4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.Summary;
import org.ttt4j.report.stats.Correlation;

/**
 * Per-class accuracy before and after TTT, the gain, and whether the gain follows the size of the
 * object (seed 000 §4: its object-size ratios were "not conclusive"). Standard TTT pairs each
 * sample with itself (step 0 vs step K); online TTT pairs each sample with the fixed model's
 * prediction on the same stream position. Sizes come from sizes.csv (image, label, bbox_area,
 * foreground_pixels), written by the experiment from the clean images.
 */
final class PerClassSection {

  /** The size of one clean image's object. */
  record Size(int label, int bboxArea, int foreground) {}

  /**
   * The per-sample gains of one method: gain in {-1, 0, 1}, with the sample's image and class;
   * drawn in the colour of the method's run, as in the report's other figures.
   */
  private record Gains(String method, java.awt.Color colour, List<int[]> imageLabelGain) {}

  private PerClassSection() {}

  static ExperimentReport.Section of(List<EvalRun> runs, Path sizesCsv) {
    ExperimentReport.Section s = new ExperimentReport.Section("per-class",
        "Per-class gains and object size", runs);
    Page p = s.page;
    Map<Integer, Size> sizes = readSizes(sizesCsv);
    EvalRun fixed = need(runs, "fixed");
    List<String> names = fixed.classNames();
    p.add(new Page.Text("Accuracy per true class of the fixed model, of standard TTT (before ="
        + " step 0, after = step K, the same samples) and of online TTT (on the same stream"
        + " positions as the fixed run), and the gain in points. " + RunSections.settings(runs)));
    List<Gains> gains = new ArrayList<>();
    RunSections.find(runs, "standard").ifPresent(r -> gains.add(standardGains(r,
        colourOf(runs, r))));
    RunSections.find(runs, "online").ifPresent(r -> gains.add(pairedGains(r, fixed,
        colourOf(runs, r))));
    addClassTable(p, names, fixed, runs, gains);
    Report.addClasses(p, runs);
    addGainBars(p, names, gains);
    addSizes(p, names, sizes, gains);
    return s;
  }

  private static void addClassTable(Page p, List<String> names, EvalRun fixed, List<EvalRun> runs,
      List<Gains> gains) {
    List<String> header = new ArrayList<>(List.of("class", "samples", "fixed"));
    RunSections.find(runs, "standard").ifPresent(r -> header.addAll(List.of("standard before",
        "standard after")));
    RunSections.find(runs, "online").ifPresent(r -> header.add("online"));
    gains.forEach(g -> header.add(g.method() + " gain"));
    List<List<String>> rows = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      int label = k;
      List<String> row = new ArrayList<>(List.of(names.get(k)));
      List<Evaluation.Record> f = fixed.records().stream().filter(r -> r.label() == label).toList();
      if (f.isEmpty()) {              // no accuracy to give: named below the table instead
        absent.add(names.get(k));
        continue;
      }
      row.add(Integer.toString(f.size()));
      row.add(Report.percent(RunSections.cell(f, Evaluation.Record::correct)));
      RunSections.find(runs, "standard").ifPresent(r -> {
        List<Evaluation.Record> in = r.records().stream().filter(x -> x.label() == label).toList();
        row.add(Report.percent(RunSections.cell(in, x -> x.predictions()[0] == x.label())));
        row.add(Report.percent(RunSections.cell(in, Evaluation.Record::correct)));
      });
      RunSections.find(runs, "online").ifPresent(r -> row.add(Report.percent(RunSections.cell(
          r.records().stream().filter(x -> x.label() == label).toList(),
          Evaluation.Record::correct))));
      gains.forEach(g -> row.add(RunSections.points(meanGain(g, label))));
      rows.add(row);
    }
    p.add(new Page.Heading(2, "Accuracy and gain per class"));
    p.add(new Page.Text("Top-1 % [95 % Wilson interval], all corruptions pooled; gain: mean"
        + " per-sample change in points (after − before)."));
    p.add(new Page.Table(header, rows));
    if (!absent.isEmpty()) {
      p.add(new Page.Text("No samples in these runs, so left out: " + String.join(", ", absent)
          + "."));
    }
  }

  private static void addGainBars(Page p, List<String> names, List<Gains> gains) {
    List<ValueBars.Series> series = new ArrayList<>();
    for (int i = 0; i < gains.size(); i++) {
      Gains g = gains.get(i);
      List<Double> v = new ArrayList<>();
      for (int k = 0; k < names.size(); k++) {
        v.add(100 * meanGain(g, k));
      }
      series.add(new ValueBars.Series(g.method() + " TTT", g.colour(), v));
    }
    p.add(Report.figure("gain-by-class.png", "Gain of TTT per class in points of top-1 accuracy"
        + " (standard: step K − step 0; online: online − fixed on the same samples).",
        ValueBars.draw("Gain of TTT per class", "true class", "gain (points of top-1 %)", names,
            series)));
  }

  private static void addSizes(Page p, List<String> names, Map<Integer, Size> sizes,
      List<Gains> gains) {
    p.add(new Page.Heading(2, "Gain against object size"));
    p.add(new Page.Text("Object size of the clean image: the area of the bounding box of its"
        + " foreground pixels (brighter than 26/255) and the number of those pixels. Pearson r"
        + " and Spearman rho with two-sided p-values (Student t with n − 2 df; for Spearman the"
        + " usual large-sample approximation), per sample (gain in {−1, 0, +1}), per image (its"
        + " mean gain over the corruptions it was seen under, n = images) and per class (mean"
        + " size against mean gain, n = classes). The samples of one image under several"
        + " corruptions share its size and are not independent, so per sample has no p-value"
        + " then: the per-image p-value is the one that holds."));
    List<List<String>> rows = new ArrayList<>();
    List<Scatter.Group> byArea = new ArrayList<>();
    List<Scatter.Group> byCount = new ArrayList<>();
    for (Gains g : gains) {
      List<int[]> known = g.imageLabelGain().stream().filter(x -> sizes.containsKey(x[0]))
          .toList();
      double[] gain = known.stream().mapToDouble(x -> x[2]).toArray();
      double[] area = known.stream().mapToDouble(x -> sizes.get(x[0]).bboxArea()).toArray();
      double[] count = known.stream().mapToDouble(x -> sizes.get(x[0]).foreground()).toArray();
      boolean independent = known.stream().map(x -> x[0]).distinct().count() == known.size();
      double[][] perImage = imageMeans(known, sizes);
      double[][] perClass = classMeans(known, sizes, names.size());
      rows.add(row(g.method(), "per sample", "bbox area", area, gain, independent));
      rows.add(row(g.method(), "per sample", "foreground px", count, gain, independent));
      rows.add(row(g.method(), "per image", "bbox area", perImage[0], perImage[2], true));
      rows.add(row(g.method(), "per image", "foreground px", perImage[1], perImage[2], true));
      rows.add(row(g.method(), "per class", "bbox area", perClass[0], perClass[2], true));
      rows.add(row(g.method(), "per class", "foreground px", perClass[1], perClass[2], true));
      double[] pts = java.util.Arrays.stream(perClass[2]).map(v -> 100 * v).toArray();
      String name = g.method() + " TTT";
      byArea.add(new Scatter.Group(name, g.colour(), perClass[0], pts, true, true));
      byCount.add(new Scatter.Group(name, g.colour(), perClass[1], pts, true, true));
    }
    p.add(new Page.Table(List.of("method", "level", "size", "n", "Pearson r", "p",
        "Spearman rho", "p"), rows));
    p.add(new Page.Text("Mean object size per class:"));
    List<List<String>> sizeRows = new ArrayList<>();
    double[][] all = classMeans(sizes.entrySet().stream().map(e -> new int[] {e.getKey(),
        e.getValue().label(), 0}).toList(), sizes, names.size());
    for (int k = 0; k < names.size(); k++) {
      if (Double.isNaN(all[0][k])) {
        continue;                      // a class without samples has no mean size
      }
      sizeRows.add(List.of(names.get(k), String.format(Locale.ROOT, "%.0f", all[0][k]),
          String.format(Locale.ROOT, "%.0f", all[1][k])));
    }
    p.add(new Page.Table(List.of("class", "mean bbox area (px)", "mean foreground (px)"),
        sizeRows));
    XYChart area = Scatter.chart("Gain per class vs mean bounding-box area", "mean bounding-box"
        + " area of the object (pixels)", "gain (points of top-1 %)", byArea, List.of(), 640, 460);
    XYChart count = Scatter.chart("Gain per class vs mean foreground pixels", "mean foreground"
        + " pixels of the object", "gain (points of top-1 %)", byCount, List.of(), 640, 460);
    List<Charts.Key> keys = new ArrayList<>();
    for (XYChart c : List.of(area, count)) {
      c.getStyler().setLegendVisible(false);      // one legend above both panels
      c.getStyler().setMarkerSize(8);
    }
    area.addAnnotation(labels(byArea, names));
    count.addAnnotation(labels(byCount, names));
    byArea.forEach(g -> keys.add(new Charts.Key(g.name(), g.colour(), Charts.Mark.DIAMOND)));
    p.add(Report.figure("gain-vs-size.png", "Per-class gain of TTT against the class's mean"
        + " object size; each point is a class (labelled; classes on the same spot share a"
        + " label).", Charts.grid("Gain of TTT per class against object size", keys,
        List.of(Charts.image(area), Charts.image(count)), 2)));
  }

  /** Each point named by its class (points on the same spot share one label). */
  private static PointLabels labels(List<Scatter.Group> groups, List<String> names) {
    List<PointLabels.Label> out = new ArrayList<>();
    for (Scatter.Group g : groups) {
      for (int k = 0; k < g.x().length; k++) {
        out.add(new PointLabels.Label(names.get(k), g.x()[k], g.y()[k]));
      }
    }
    return new PointLabels(out, Charts.AXIS.deriveFont(10f));
  }

  /**
   * One row of the correlation table; {@code independent} false leaves the p-values out (the
   * pairs repeat an image, so the t distribution's n − 2 degrees of freedom overstate them).
   */
  private static List<String> row(String method, String level, String size, double[] x,
      double[] y, boolean independent) {
    double[][] xy = dropNaN(x, y);
    if (xy[0].length < 3) {
      return List.of(method, level, size, Integer.toString(xy[0].length), "", "", "", "");
    }
    Correlation pr = Correlation.pearson(xy[0], xy[1]);
    Correlation sr = Correlation.spearman(xy[0], xy[1]);
    String notIndependent = "— (not independent)";
    return List.of(method, level, size, Integer.toString(pr.n()), f(pr.coefficient()),
        independent ? pvalue(pr.p()) : notIndependent, f(sr.coefficient()),
        independent ? pvalue(sr.p()) : notIndependent);
  }

  /** Per image (in image order): bbox area [0], foreground [1], mean gain over its samples [2]. */
  private static double[][] imageMeans(List<int[]> imageLabelGain, Map<Integer, Size> sizes) {
    Map<Integer, double[]> by = new java.util.TreeMap<>();
    for (int[] x : imageLabelGain) {
      double[] sum = by.computeIfAbsent(x[0], k -> new double[2]);
      sum[0] += x[2];
      sum[1]++;
    }
    double[][] out = new double[3][by.size()];
    int i = 0;
    for (Map.Entry<Integer, double[]> e : by.entrySet()) {
      Size s = sizes.get(e.getKey());
      out[0][i] = s.bboxArea();
      out[1][i] = s.foreground();
      out[2][i] = e.getValue()[0] / e.getValue()[1];
      i++;
    }
    return out;
  }

  /** Per class: mean bbox area [0], mean foreground [1], mean gain [2]. */
  private static double[][] classMeans(List<int[]> imageLabelGain, Map<Integer, Size> sizes,
      int classes) {
    double[][] sum = new double[3][classes];
    int[] n = new int[classes];
    for (int[] x : imageLabelGain) {
      Size s = sizes.get(x[0]);
      sum[0][x[1]] += s.bboxArea();
      sum[1][x[1]] += s.foreground();
      sum[2][x[1]] += x[2];
      n[x[1]]++;
    }
    for (int k = 0; k < classes; k++) {
      for (int j = 0; j < 3; j++) {
        sum[j][k] = n[k] == 0 ? Double.NaN : sum[j][k] / n[k];
      }
    }
    return sum;
  }

  private static double meanGain(Gains g, int label) {
    return g.imageLabelGain().stream().filter(x -> x[1] == label).mapToInt(x -> x[2]).average()
        .orElse(Double.NaN);
  }

  /** The colour of {@code run} in the report's figures: by its position among the runs. */
  private static java.awt.Color colourOf(List<EvalRun> runs, EvalRun run) {
    return Charts.colour(runs.indexOf(run));
  }

  private static Gains standardGains(EvalRun r, java.awt.Color colour) {
    List<int[]> out = new ArrayList<>();
    for (Evaluation.Record x : r.records()) {
      int before = x.predictions()[0] == x.label() ? 1 : 0;
      out.add(new int[] {x.position(), x.label(), (x.correct() ? 1 : 0) - before});
    }
    return new Gains("standard", colour, out);
  }

  /** Online against fixed, sample by sample: the same (segment, position) in both runs. */
  private static Gains pairedGains(EvalRun online, EvalRun fixed, java.awt.Color colour) {
    Map<Long, Evaluation.Record> base = new HashMap<>();
    fixed.records().forEach(x -> base.put(key(x), x));
    List<int[]> out = new ArrayList<>();
    for (Evaluation.Record x : online.records()) {
      Evaluation.Record f = base.get(key(x));
      if (f != null) {
        out.add(new int[] {x.position(), x.label(), (x.correct() ? 1 : 0)
            - (f.correct() ? 1 : 0)});
      }
    }
    return new Gains("online", colour, out);
  }

  private static long key(Evaluation.Record x) {
    return ((long) x.segment() << 32) | x.position();
  }

  static Map<Integer, Size> readSizes(Path csv) {
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException(csv + " does not exist; the per-class experiment writes"
          + " it from the clean images (run `ttt4j experiment per-class` without --report-only)");
    }
    Map<Integer, Size> out = new LinkedHashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
    }
    for (int i = 1; i < lines.size(); i++) {
      String[] c = lines.get(i).split(",");
      if (c.length != 4) {
        throw new IllegalArgumentException(csv + " line " + (i + 1) + " has " + c.length
            + " fields, expected image,label,bbox_area,foreground_pixels; write it again");
      }
      out.put(Integer.parseInt(c[0].strip()), new Size(Integer.parseInt(c[1].strip()),
          Integer.parseInt(c[2].strip()), Integer.parseInt(c[3].strip())));
    }
    return out;
  }

  private static EvalRun need(List<EvalRun> runs, String name) {
    return RunSections.find(runs, name).orElseThrow(() -> new IllegalArgumentException(
        "the per-class report needs a run named '" + name + "' (the recipe's fixed run)"));
  }

  private static double[][] dropNaN(double[] x, double[] y) {
    List<double[]> keep = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        keep.add(new double[] {x[i], y[i]});
      }
    }
    return new double[][] {keep.stream().mapToDouble(v -> v[0]).toArray(),
        keep.stream().mapToDouble(v -> v[1]).toArray()};
  }

  private static String f(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String pvalue(double p) {
    return Double.isNaN(p) ? "n/a" : p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p)
        : String.format(Locale.ROOT, "%.4f", p);
  }
}
