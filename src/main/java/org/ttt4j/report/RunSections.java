package org.ttt4j.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.Summary;
import org.ttt4j.eval.Wilson;

/**
 * The sections of the experiments that read eval runs only: steps and optimizer, batch size,
 * online vs standard, stream orders. Runs are found by the names the recipes give them.
 */
final class RunSections {

  private static final double Z95 = 1.959964;

  private RunSections() {}

  static ExperimentReport.Section stepsOptimizer(List<EvalRun> runs) {
    ExperimentReport.Section s = new ExperimentReport.Section("steps-optimizer",
        "Accuracy vs TTT step: SGD vs AdamW", runs);
    Page p = s.page;
    p.add(new Page.Text("Standard TTT (K steps on B views of each test image, reset after each),"
        + " predicting after every step; k = 0 is the model before it adapts. " + settings(runs)));
    List<Summary> rows = runs.stream().map(r -> Summary.of(r.name(), r.records())).toList();
    p.add(new Page.Heading(2, "Final accuracy per corruption"));
    p.addMarkdown(Summary.markdown(rows));
    Report.addSteps(p, runs, rows, AccuracyBars.corruptions(rows), false);
    return s;
  }

  static ExperimentReport.Section batchSize(List<EvalRun> runs) {
    ExperimentReport.Section s = new ExperimentReport.Section("batch-size",
        "Batch size of the TTT steps", runs);
    Page p = s.page;
    p.add(new Page.Text("Standard TTT with the same number of steps K at each batch size B (B"
        + " augmented, masked views of the one test image per step; the loss is the mean over the"
        + " views, so the same learning rate serves every B). " + settings(runs)));
    List<List<String>> table = new ArrayList<>();
    List<Double> perSample = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (EvalRun r : runs) {
      Summary sum = Summary.of(r.name(), r.records());
      double[] steps = sum.accuracyPerStep();
      int k = steps.length - 1;
      Summary.Cell before = cell(r.records(), x -> x.predictions()[0] == x.label());
      Summary.Cell after = cell(r.records(), Evaluation.Record::correct);
      table.add(List.of(r.name(), Integer.toString(r.records().size()), Report.percent(before),
          Report.percent(after), points(after.top1() - before.top1()),
          String.format(Locale.ROOT, "%.3f", sum.secondsPerSample()),
          String.format(Locale.ROOT, "%.3f", k > 0 ? sum.secondsPerSample() / k : Double.NaN)));
      perSample.add(sum.secondsPerSample());
      names.add(r.name());
    }
    p.add(new Page.Heading(2, "Accuracy and cost"));
    p.add(new Page.Text("Top-1 % [95 % Wilson interval] before (k = 0) and after the last step,"
        + " all corruptions pooled; seconds of wall clock per sample and per step ("
        + threads(runs) + ")."));
    p.add(new Page.Table(List.of("run", "samples", "before (k = 0)", "after (k = K)", "gain"
        + " (points)", "s/sample", "s/step"), table));
    p.add(Report.figure("seconds-per-sample.png", "Wall-clock seconds per test sample (K steps"
        + " and K + 1 predictions), " + threads(runs) + ".", ValueBars.draw("Cost of standard TTT per sample",
        "run (B = views per step)", "seconds per sample", names,
        List.of(new ValueBars.Series("s/sample", Charts.colour(0), perSample)))));
    List<Summary> rows = runs.stream().map(r -> Summary.of(r.name(), r.records())).toList();
    p.add(new Page.Heading(2, "Per corruption"));
    p.addMarkdown(Summary.markdown(rows));
    p.add(Report.figure("accuracy-by-corruption.png", "Top-1 accuracy after K steps per"
        + " corruption; whiskers: 95 % Wilson intervals.", AccuracyBars.draw("Top-1 accuracy"
        + " after K steps, by batch size (95 % Wilson intervals)", "corruption:level",
        AccuracyBars.corruptions(rows), AccuracyBars.byCorruption(runs, rows))));
    Report.addSteps(p, runs, rows, AccuracyBars.corruptions(rows), false);
    return s;
  }

  static ExperimentReport.Section onlineVsStandard(List<EvalRun> runs, int window) {
    ExperimentReport.Section s = new ExperimentReport.Section("online-vs-standard",
        "Online vs standard TTT", runs);
    Page p = s.page;
    p.add(new Page.Text("Fixed model, online TTT (one step per sample, never reset within a"
        + " corruption) and standard TTT (K steps per sample, reset after each) on each"
        + " corruption. " + settings(runs)));
    List<Summary> rows = runs.stream().map(r -> Summary.of(r.name(), r.records())).toList();
    p.add(new Page.Heading(2, "Every sample of each run"));
    p.add(new Page.Text("Top-1 % [95 % Wilson interval]; the runs have different lengths"
        + " (standard TTT costs ~10x more per sample), so compare them on the shared prefix"
        + " below."));
    p.addMarkdown(Summary.markdown(rows));
    int shared = runs.stream().mapToInt(r -> maxPosition(r) + 1).min().orElse(0);
    List<Summary> same = runs.stream().map(r -> Summary.of(r.name(), r.records().stream()
        .filter(x -> x.position() < shared).toList())).toList();
    p.add(new Page.Heading(2, "On the same first " + shared + " images of each corruption"));
    p.addMarkdown(Summary.markdown(same));
    p.add(Report.figure("accuracy-by-corruption.png", "Top-1 accuracy on the first " + shared
        + " images of each corruption; whiskers: 95 % Wilson intervals.", AccuracyBars.draw(
        "Top-1 accuracy on the same " + shared + " images per corruption (95 % Wilson"
        + " intervals)", "corruption:level", AccuracyBars.corruptions(same), AccuracyBars.byCorruption(runs, same))));
    p.add(new Page.Heading(2, "Along the stream"));
    Report.Stream st = Report.stream(runs, window, "stream.png");
    if (st != null) {
      p.add(new Page.Text("One panel per corruption (the model is reset at its start): the line"
          + " is the share of correct predictions over the last " + st.window() + " samples"
          + st.shortened() + (st.held() ? "; diamonds: accuracy of the current weights on 300 held-out images of"
          + " the same corruption (the test set's last ones, never trained on)." : ".")));
      p.add(st.figure());
    } else {
      p.add(new Page.Text("No run has a segment of " + Report.MIN_SEGMENT + " samples, so"
          + " there is no running accuracy to draw."));
    }
    runs.stream().filter(r -> !r.holdout().isEmpty()).forEach(r -> {
      p.add(new Page.Heading(3, "Held-out accuracy: " + r.name()));
      p.addMarkdown(Summary.holdoutMarkdown(r.holdout()));
    });
    return s;
  }

  static ExperimentReport.Section streamOrder(List<EvalRun> runs, int window) {
    ExperimentReport.Section s = new ExperimentReport.Section("stream-order", "Stream orders",
        runs);
    Page p = s.page;
    p.add(new Page.Text("Online TTT against the fixed model on the same samples in six orders:"
        + " separate (one run per corruption, reset between them), consecutive (corruption blocks"
        + " one after another, never reset), shuffled (the consecutive samples in random order),"
        + " gradual (each corruption's block rises from level 1 to 5), shuffled levels (the"
        + " gradual samples shuffled within each block), continuous (severity interpolated"
        + " smoothly from 1 to 5 per corruption, reset between corruptions). " + settings(runs)));
    Map<String, Summary.Cell> fixed = new LinkedHashMap<>();
    Map<String, Summary.Cell> online = new LinkedHashMap<>();
    List<List<String>> table = new ArrayList<>();
    List<String> streams = new ArrayList<>();
    for (EvalRun r : runs) {
      if (!r.name().startsWith("online-")) {
        continue;
      }
      String stream = r.name().substring("online-".length());
      Optional<EvalRun> f = find(runs, "fixed-" + stream);
      Summary.Cell on = cell(r.records(), Evaluation.Record::correct);
      online.put(stream, on);
      streams.add(stream);
      Summary.Cell fx = f.map(x -> cell(x.records(), Evaluation.Record::correct)).orElse(null);
      if (fx != null) {
        fixed.put(stream, fx);
      }
      table.add(List.of(stream, Integer.toString(r.records().size()),
          fx == null ? "" : Report.percent(fx), Report.percent(on),
          fx == null ? "" : points(on.top1() - fx.top1()),
          f.map(x -> pairedInterval(r, x)).orElse("")));
    }
    p.add(new Page.Heading(2, "Accuracy per stream order"));
    p.add(new Page.Text("Top-1 % [95 % Wilson interval] over every sample of the stream. The"
        + " gain's interval is paired: each sample of the online run against the fixed model's"
        + " prediction on the same sample (mean ± 1.96 standard errors of the per-sample"
        + " difference). It is the one to judge the gain by: two accuracies' Wilson intervals"
        + " can overlap where the paired difference is clear of zero."));
    p.add(new Page.Table(List.of("stream", "samples", "fixed", "online TTT", "gain (points)",
        "gain 95 % interval (paired)"), table));
    p.add(Report.figure("accuracy-by-stream.png", "Top-1 accuracy of the fixed model and of"
        + " online TTT per stream order; whiskers: 95 % Wilson intervals.", AccuracyBars.draw(
        "Fixed vs online TTT per stream order (95 % Wilson intervals)", "stream order", streams,
        List.of(new AccuracyBars.Bars("fixed", Charts.colour(0), fixed),
            new AccuracyBars.Bars("online TTT", Charts.colour(1), online)))));
    List<EvalRun> levelled = new ArrayList<>();
    for (String name : List.of("online-gradual", "online-shuffled-levels", "fixed-gradual")) {
      find(runs, name).ifPresent(levelled::add);
    }
    if (!levelled.isEmpty()) {
      p.add(new Page.Heading(2, "Gradual vs shuffled levels, per level"));
      p.addMarkdown(Summary.markdown(levelled.stream().map(r -> Summary.of(r.name(),
          r.records(), Summary.Columns.LEVEL)).toList()));
    }
    p.add(new Page.Heading(2, "Along the streams"));
    boolean drawn = false;
    for (String stream : List.of("consecutive", "shuffled", "gradual", "shuffled-levels",
        "continuous")) {
      List<EvalRun> pair = new ArrayList<>();
      find(runs, "fixed-" + stream).ifPresent(pair::add);
      find(runs, "online-" + stream).ifPresent(pair::add);
      Report.Stream st = Report.stream(pair, window, "stream-" + stream + ".png");
      if (st != null) {
        p.add(new Page.Text(stream + ": running accuracy over the last " + st.window()
            + " samples" + st.shortened() + (st.changes() ? "; dashed lines where the corruption"
            + " or level changes." : ".")));
        p.add(st.figure());
        drawn = true;
      }
    }
    if (!drawn) {
      p.add(new Page.Text("No stream has a segment of " + Report.MIN_SEGMENT + " samples, so"
          + " there is no running accuracy to draw."));
    }
    return s;
  }

  /** "Settings: ..." from the first run's manifest: split, TTT options. */
  static String settings(List<EvalRun> runs) {
    String split = runs.stream().map(r -> RunFacts.option(r, "--split").orElse("test"))
        .distinct().reduce((a, b) -> a + ", " + b).orElse("test");
    return "Every figure comes from the " + split + " split; the learning rates were tuned"
        + " beforehand on the validation split (the last 5,000 training images;"
        + " docs/results/tuning.md). Each run's options are under \"Runs and provenance\".";
  }

  /**
   * The libtorch threads the runs' timings were taken with, from their manifests: "1 thread",
   * "2 threads", "threads: b1 1, b8 2" when they differ, or "threads unknown".
   */
  static String threads(List<EvalRun> runs) {
    Map<String, Integer> by = new LinkedHashMap<>();
    for (EvalRun r : runs) {
      r.manifest().map(m -> m.versions()).ifPresent(v -> by.put(r.name(), v.threads()));
    }
    List<Integer> distinct = by.values().stream().distinct().toList();
    if (distinct.isEmpty()) {
      return "threads unknown";
    }
    if (distinct.size() == 1 && by.size() == runs.size()) {
      return distinct.get(0) + (distinct.get(0) == 1 ? " thread" : " threads");
    }
    List<String> each = new ArrayList<>();
    runs.forEach(r -> each.add(r.name() + " " + (by.containsKey(r.name())
        ? by.get(r.name()).toString() : "?")));
    return "threads: " + String.join(", ", each);
  }

  /**
   * "[low, high]" in points of the paired difference {@code a − b} on the samples both hold, or
   * "" when they share fewer than two (or saw different images).
   */
  static String pairedInterval(EvalRun a, EvalRun b) {
    try {
      org.ttt4j.eval.Paired d = org.ttt4j.eval.Paired.of(a.records(), b.records());
      return String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * (d.mean() - d.halfWidth()),
          100 * (d.mean() + d.halfWidth()));
    } catch (IllegalArgumentException notPaired) {
      return "";
    }
  }

  static Optional<EvalRun> find(List<EvalRun> runs, String name) {
    return runs.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  static Summary.Cell cell(List<Evaluation.Record> records, Predicate<Evaluation.Record> hit) {
    int correct = (int) records.stream().filter(hit).count();
    return cell(correct, records.size());
  }

  static Summary.Cell cell(int correct, int total) {
    double[] ci = Wilson.interval(correct, total, Z95);
    return new Summary.Cell(correct, total, total == 0 ? Double.NaN : (double) correct / total,
        ci[0], ci[1]);
  }

  static String points(double delta) {
    return String.format(Locale.ROOT, "%+.1f", 100 * delta);
  }

  private static int maxPosition(EvalRun r) {
    return r.records().stream().mapToInt(Evaluation.Record::position).max().orElse(-1);
  }
}
