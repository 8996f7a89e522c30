package org.ttt4j.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.Summary;
import org.ttt4j.eval.Wilson;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.Versions;

/**
 * One report from any set of {@code ttt4j eval} runs: a Table-1-style grid with 95 % intervals,
 * accuracy per corruption, per TTT step, along the stream and per class, and how each run was made.
 * Written as {@code report.html} (one self-contained file: the figures are embedded),
 * {@code report.md} and the figures as PNG files beside them. Every file is written atomically, and
 * the HTML page last, so a report that exists is complete.
 */
public final class Report {

  /** The files a report consists of. */
  public record Written(Path html, Path markdown, List<Path> figures) {}

  private static final double Z95 = 1.959964;

  /** The figures' file names. */
  private static final String BY_CORRUPTION = "accuracy-by-corruption.png";
  private static final String PER_STEP = "accuracy-per-step.png";
  private static final String PER_STEP_PANELS = "accuracy-per-step-by-corruption.png";
  private static final String STREAM = "stream.png";
  private static final String BY_CLASS = "accuracy-by-class.png";
  private static final List<String> FIGURES = List.of(BY_CORRUPTION, PER_STEP, PER_STEP_PANELS,
      STREAM, BY_CLASS);

  private Report() {}

  /**
   * Writes the report of {@code runs} into {@code dir}; the stream view smooths over
   * {@code window} samples.
   */
  public static Written write(List<EvalRun> runs, Path dir, int window) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one run");
    }
    if (window < 1) {
      throw new IllegalArgumentException("moving-average window " + window + " must be >= 1");
    }
    Set<String> names = new HashSet<>();
    for (EvalRun r : runs) {
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("two runs are named '" + r.name() + "'; give each a"
            + " distinct label");
      }
      if (r.name().isBlank() || r.name().contains("|") || r.name().contains("\n")) {
        throw new IllegalArgumentException("run name '" + r.name() + "' of " + r.dir()
            + " must be non-blank and free of '|' and line breaks (they split table cells);"
            + " give another label");
      }
    }
    Page page = build(runs, window);
    List<Path> figures = new ArrayList<>();
    for (Page.Block b : page.blocks()) {
      if (b instanceof Page.Figure f) {
        Path png = dir.resolve(f.file());
        AtomicFiles.write(png, out -> out.write(f.png()));
        figures.add(png);
      }
    }
    removeStaleFigures(dir, figures);
    Path md = dir.resolve("report.md");
    AtomicFiles.writeString(md, relativeToHere(page.markdown()));
    Path html = dir.resolve("report.html");
    AtomicFiles.writeString(html, relativeToHere(page.html()));
    return new Written(html, md, figures);
  }

  /**
   * Paths under the working directory (run folders, the model in a manifest) shown relative to it,
   * so that a report committed with a project names no machine's directories.
   */
  static String relativeToHere(String text) {
    String here = Path.of("").toAbsolutePath().normalize().toString();
    return here.equals("/") ? text : text.replace(here + "/", "");
  }

  /**
   * Deletes the figures an earlier report left in {@code dir} that this one does not have (no
   * stepping run this time, say), so the folder holds one report only.
   */
  private static void removeStaleFigures(Path dir, List<Path> written) {
    for (String name : FIGURES) {
      Path old = dir.resolve(name);
      if (!written.contains(old)) {
        try {
          Files.deleteIfExists(old);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete the old figure " + old + ": "
              + e.getMessage(), e);
        }
      }
    }
  }

  static Page build(List<EvalRun> runs, int window) {
    Page page = new Page("TTT evaluation report");
    page.add(new Page.Text(runs.size() + " run" + (runs.size() == 1 ? "" : "s") + "; made "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by ttt4j " + Versions.ttt4jVersion()
        + " (ttt4j report) from the records of each run."));
    runs.forEach(r -> r.warnings().forEach(w -> page.add(new Page.Warning(w))));
    EvalRun.differences(runs).forEach(d -> page.add(new Page.Warning(d)));
    page.add(RunFacts.overview(runs));

    List<Summary> rows = runs.stream().map(r -> Summary.of(r.name(), r.records())).toList();
    page.add(new Page.Heading(2, "Accuracy per corruption"));
    page.add(new Page.Text("Top-1 accuracy in % [95 % Wilson interval] per corruption:level;"
        + " mean: unweighted mean over the columns; s/sample: wall-clock seconds per sample."));
    page.addMarkdown(Summary.markdown(rows));
    List<String> columns = AccuracyBars.corruptions(rows);
    boolean uneven = rows.stream().anyMatch(r -> r.byCorruption().size() != columns.size());
    if (uneven) {
      page.add(new Page.Text("Not every run covers every column (a run still in progress, or"
          + " another stream): each mean is over the run's own columns, so compare means only"
          + " between runs with the same columns."));
    }
    page.add(figure(BY_CORRUPTION, "Top-1 accuracy per corruption; whiskers: 95 %"
        + " Wilson intervals.", AccuracyBars.draw("Top-1 accuracy per corruption (95 % Wilson"
        + " intervals)", "corruption:level", columns, AccuracyBars.byCorruption(runs, rows))));

    addSteps(page, runs, rows, columns, uneven);
    addStream(page, runs, window);
    addHoldout(page, runs);
    addClasses(page, runs);

    page.add(new Page.Heading(2, "Provenance"));
    runs.forEach(r -> RunFacts.of(r).forEach(page::add));
    return page;
  }

  static void addSteps(Page page, List<EvalRun> runs, List<Summary> rows,
      List<String> columns, boolean uneven) {
    page.add(new Page.Heading(2, "Accuracy after k TTT steps"));
    if (runs.stream().noneMatch(r -> r.predictionsPerRecord() > 1)) {
      page.add(new Page.Text("No run predicts after each of its steps (standard TTT does), so"
          + " there is no curve over steps."));
      return;
    }
    page.add(new Page.Text("k = 0 is the model before it adapts to the sample. Runs that predict"
        + " once per sample (fixed, online, window) are dashed horizontal references."));
    page.addMarkdown(Summary.perStepMarkdown(rows));
    List<StepCurves.Curve> pooled = new ArrayList<>();
    Map<String, List<StepCurves.Curve>> byColumn = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      EvalRun r = runs.get(i);
      pooled.add(new StepCurves.Curve(r.name(), Charts.colour(i), rows.get(i).accuracyPerStep()));
      for (String col : columns) {
        List<Evaluation.Record> in = r.records().stream().filter(x -> column(x).equals(col))
            .toList();
        if (!in.isEmpty()) {
          byColumn.computeIfAbsent(col, k -> new ArrayList<>()).add(new StepCurves.Curve(
              r.name(), Charts.colour(i), Summary.of(r.name(), in).accuracyPerStep()));
        }
      }
    }
    page.add(figure(PER_STEP, "Top-1 accuracy after k TTT steps, all corruptions"
        + " pooled" + (uneven ? " (each run over its own columns: see the panels per corruption"
        + " for a like-for-like comparison)." : "."), StepCurves.pooled(pooled)));
    long stepped = byColumn.values().stream()
        .filter(cs -> cs.stream().anyMatch(StepCurves.Curve::steps)).count();
    if (stepped > 1) {
      page.add(figure(PER_STEP_PANELS, "Top-1 accuracy after k TTT steps,"
          + " one panel per corruption:level.", StepCurves.perColumn(pooled, byColumn)));
    }
  }

  private static void addStream(Page page, List<EvalRun> runs, int window) {
    page.add(new Page.Heading(2, "Along the stream"));
    Stream s = stream(runs, window, STREAM);
    if (s == null) {
      page.add(new Page.Text("No run predicts once per sample over at least " + MIN_SEGMENT
          + " samples of one segment, so there is no stream to follow."));
      return;
    }
    page.add(new Page.Text("Runs that predict once per sample, one panel per segment (the model"
        + " is reset at the start of each). The line is the share of correct predictions over the"
        + " last " + s.window() + " samples" + s.shortened() + (s.changes() ? "; dashed vertical"
        + " lines mark a change of corruption within the segment" : "") + (s.held() ? ";"
        + " diamonds are the accuracy of the current weights on held-out images of the segment's"
        + " shift, which are never trained on." : ".")));
    page.add(s.figure());
  }

  /** Fewer samples than this in every segment: no stream figure (a moving average needs some). */
  static final int MIN_SEGMENT = 10;

  /**
   * A stream figure and what it shows (corruption changes, held-out points), with the moving
   * average's window: the one asked for, or a shorter one when no segment holds two windows.
   */
  record Stream(Page.Figure figure, boolean changes, boolean held, int window, int asked) {

    /** "" or why the window is shorter than asked, as a clause to append to a sentence. */
    String shortened() {
      return window == asked ? "" : " (--window " + asked + " is longer than half the longest"
          + " segment, so the figure uses " + window + ")";
    }
  }

  /**
   * The running accuracy of the runs that predict once per sample, as figure {@code file}; null
   * when no such run has a segment of {@link #MIN_SEGMENT} samples. The moving average runs over
   * {@code window} samples, or over a third of the longest segment when that is shorter than two
   * windows (a window longer than the segments would draw nothing).
   */
  static Stream stream(List<EvalRun> runs, int window, String file) {
    int longest = 0;
    for (EvalRun r : runs) {
      if (r.predictionsPerRecord() == 1) {
        longest = Math.max(longest, longestSegment(r));
      }
    }
    if (longest < MIN_SEGMENT) {
      return null;
    }
    int w = longest >= 2 * window ? window : Math.max(2, longest / 3);
    Map<String, StreamCurves.Segment> merged = new LinkedHashMap<>();
    List<Charts.Key> keys = new ArrayList<>();
    boolean held = false;
    for (int i = 0; i < runs.size(); i++) {
      EvalRun r = runs.get(i);
      if (r.predictionsPerRecord() != 1 || longestSegment(r) < w) {
        continue;
      }
      keys.add(new Charts.Key(r.name(), Charts.colour(i), Charts.Mark.LINE));
      held |= !r.holdout().isEmpty();
      StreamCurves.segments(r.name(), Charts.colour(i), r.records(), r.holdout())
          .forEach((key, seg) -> merged.merge(key, seg, (a, b) -> new StreamCurves.Segment(
              a.title(), a.blocks(), concat(a.traces(), b.traces()))));
    }
    if (held) {
      keys.add(new Charts.Key("held-out accuracy of the current weights", java.awt.Color.GRAY,
          Charts.Mark.DIAMOND));
    }
    boolean changes = merged.values().stream().anyMatch(s -> !StreamCurves.marked(s).isEmpty());
    return new Stream(figure(file, "Running top-1 accuracy along the stream (moving average over "
        + w + " samples)" + (held ? ", with held-out accuracy (diamonds)." : "."),
        StreamCurves.draw(List.copyOf(merged.values()), keys, w)), changes, held, w, window);
  }

  /** The number of records in the run's longest segment. */
  private static int longestSegment(EvalRun r) {
    Map<Integer, Integer> n = new java.util.HashMap<>();
    r.records().forEach(x -> n.merge(x.segment(), 1, Integer::sum));
    return n.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The held-out measurements of each run that made some, as tables. */
  private static void addHoldout(Page page, List<EvalRun> runs) {
    for (EvalRun r : runs) {
      if (!r.holdout().isEmpty()) {
        page.add(new Page.Heading(3, "Held-out accuracy: " + r.name()));
        page.addMarkdown(Summary.holdoutMarkdown(r.holdout()));
      }
    }
  }

  static void addClasses(Page page, List<EvalRun> runs) {
    page.add(new Page.Heading(2, "Accuracy per class"));
    List<String> classes = new ArrayList<>();
    List<AccuracyBars.Bars> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      EvalRun r = runs.get(i);
      Map<String, Summary.Cell> cells = perClass(r);
      cells.keySet().stream().filter(c -> !classes.contains(c)).forEach(classes::add);
      bars.add(new AccuracyBars.Bars(r.name(), Charts.colour(i), cells));
    }
    for (AccuracyBars.Bars b : bars) {
      List<String> row = new ArrayList<>(List.of(b.name()));
      classes.forEach(c -> row.add(b.cells().containsKey(c) ? percent(b.cells().get(c)) : ""));
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("run"));
    header.addAll(classes);
    page.add(new Page.Text("Top-1 accuracy in % [95 % Wilson interval] by true class, all"
        + " corruptions pooled (final predictions)."));
    page.add(new Page.Table(header, rows));
    page.add(figure(BY_CLASS, "Top-1 accuracy per true class, all corruptions"
        + " pooled; whiskers: 95 % Wilson intervals.", AccuracyBars.draw("Top-1 accuracy per class"
        + " (95 % Wilson intervals)", "true class", classes, bars)));
  }

  /** Accuracy by true class, in label order, named as the run's dataset names them. */
  static Map<String, Summary.Cell> perClass(EvalRun run) {
    List<String> names = run.classNames();
    int[] correct = new int[names.size()];
    int[] total = new int[names.size()];
    for (Evaluation.Record r : run.records()) {
      total[r.label()]++;
      correct[r.label()] += r.correct() ? 1 : 0;
    }
    Map<String, Summary.Cell> out = new LinkedHashMap<>();
    for (int k = 0; k < names.size(); k++) {
      if (total[k] > 0) {
        double[] ci = Wilson.interval(correct[k], total[k], Z95);
        out.put(names.get(k), new Summary.Cell(correct[k], total[k],
            (double) correct[k] / total[k], ci[0], ci[1]));
      }
    }
    return out;
  }

  /** The column of a record in the default (corruption:level) grid. */
  private static String column(Evaluation.Record r) {
    return r.corruption() + ":" + r.severity();
  }

  static String percent(Summary.Cell c) {
    return String.format(java.util.Locale.ROOT, "%.1f [%.1f, %.1f]", 100 * c.top1(),
        100 * c.low(), 100 * c.high());
  }

  static Page.Figure figure(String file, String caption, BufferedImage image) {
    return new Page.Figure(file, caption, Charts.png(image));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
