package org.ttt4j.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accuracy of a run per corruption (final predictions) with 95 % Wilson intervals, the mean over
 * corruptions as in Table 1 of TTT-MAE, and the accuracy after each adaptation step when the
 * strategy records one prediction per step.
 */
public record Summary(String method, Map<String, Cell> byCorruption, double mean,
    double[] accuracyPerStep, double secondsPerSample) {

  /** Correct of total, with its interval. */
  public record Cell(int correct, int total, double top1, double low, double high) {
    static Cell of(int correct, int total) {
      double[] ci = Wilson.interval(correct, total, 1.959964);
      return new Cell(correct, total, total == 0 ? Double.NaN : (double) correct / total, ci[0],
          ci[1]);
    }
  }

  /** How records are grouped into columns. */
  public enum Columns {
    /** One column per corruption and level ("fog:5"), as Table 1. */
    CELL,
    /** One column per corruption, its levels pooled (gradual streams). */
    CORRUPTION,
    /** One column per level, the corruptions pooled ("level 3"). */
    LEVEL;

    String key(Evaluation.Record r) {
      return switch (this) {
        case CELL -> r.corruption() + ":" + r.severity();
        case CORRUPTION -> r.corruption();
        case LEVEL -> "level " + r.severity();
      };
    }

    public static Columns parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown grouping '" + s
            + "'; valid: cell, corruption, level");
      }
    }
  }

  public static Summary of(String method, List<Evaluation.Record> records) {
    return of(method, records, Columns.CELL);
  }

  /** The summary of {@code records}, one column per group of {@code columns}. */
  public static Summary of(String method, List<Evaluation.Record> records, Columns columns) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    int steps = records.isEmpty() ? 0 : records.get(0).predictions().length;
    int[] perStepCorrect = new int[steps];
    int perStepTotal = 0;
    double seconds = 0;
    for (Evaluation.Record r : records) {
      int[] c = counts.computeIfAbsent(columns.key(r), k -> new int[2]);
      c[0] += r.correct() ? 1 : 0;
      c[1]++;
      seconds += r.seconds();
      if (r.predictions().length == steps) {
        perStepTotal++;
        for (int k = 0; k < steps; k++) {
          perStepCorrect[k] += r.predictions()[k] == r.label() ? 1 : 0;
        }
      }
    }
    Map<String, Cell> cells = new LinkedHashMap<>();
    double sum = 0;
    List<Map.Entry<String, int[]>> groups = new ArrayList<>(counts.entrySet());
    if (columns == Columns.LEVEL) {
      groups.sort(Map.Entry.comparingByKey());     // level 1..5, not order of first appearance
    } else if (columns == Columns.CELL) {
      // each corruption's levels side by side, 1..5, the corruptions in order of first
      // appearance (a shuffled-levels stream met fog:3 before fog:1)
      Map<String, Integer> firstSeen = new LinkedHashMap<>();
      for (String key : counts.keySet()) {
        firstSeen.putIfAbsent(key.substring(0, key.lastIndexOf(':')), firstSeen.size());
      }
      groups.sort(java.util.Comparator.<Map.Entry<String, int[]>>comparingInt(
          e -> firstSeen.get(e.getKey().substring(0, e.getKey().lastIndexOf(':'))))
          .thenComparingInt(e -> Integer.parseInt(
              e.getKey().substring(e.getKey().lastIndexOf(':') + 1))));
    }
    for (Map.Entry<String, int[]> e : groups) {
      Cell cell = Cell.of(e.getValue()[0], e.getValue()[1]);
      cells.put(e.getKey(), cell);
      sum += cell.top1();
    }
    double[] perStep = new double[steps];
    for (int k = 0; k < steps; k++) {
      perStep[k] = perStepTotal == 0 ? Double.NaN : (double) perStepCorrect[k] / perStepTotal;
    }
    return new Summary(method, cells, cells.isEmpty() ? Double.NaN : sum / cells.size(), perStep,
        records.isEmpty() ? Double.NaN : seconds / records.size());
  }

  /** A Table-1-style Markdown grid: one row per summary, one column per corruption, then mean. */
  public static String markdown(List<Summary> rows) {
    List<String> columns = columns(rows);
    // a mean is over the row's own columns: rows over different corruptions are marked
    boolean uneven = rows.stream().anyMatch(r -> r.byCorruption().size() != columns.size());
    StringBuilder sb = new StringBuilder("| method | ");
    columns.forEach(c -> sb.append(c).append(" | "));
    sb.append("mean | s/sample |\n|---|");
    columns.forEach(c -> sb.append("---|"));
    sb.append("---|---|\n");
    for (Summary s : rows) {
      sb.append("| ").append(s.method()).append(" | ");
      for (String c : columns) {
        Cell cell = s.byCorruption().get(c);
        sb.append(cell == null ? "" : String.format(Locale.ROOT, "%.1f [%.1f, %.1f]",
            100 * cell.top1(), 100 * cell.low(), 100 * cell.high())).append(" | ");
      }
      boolean partial = s.byCorruption().size() != columns.size();
      sb.append(String.format(Locale.ROOT, "%.1f%s | %.3f |%n", 100 * s.mean(),
          partial ? " *" : "", s.secondsPerSample()));
    }
    if (uneven) {
      sb.append(String.format("%n\\* mean over this row's own columns only (an empty cell is a"
          + " column the run did not cover): not comparable with the other means.%n"));
    }
    return sb.toString();
  }

  /** The same grid as CSV (accuracy and interval bounds in columns). */
  public static String csv(List<Summary> rows) {
    StringBuilder sb = new StringBuilder("method,column,correct,total,top1,low,high\n");
    for (Summary s : rows) {
      s.byCorruption().forEach((k, c) -> sb.append(String.format(Locale.ROOT,
          "%s,%s,%d,%d,%.5f,%.5f,%.5f%n", csvField(s.method()), csvField(k), c.correct(),
          c.total(), c.top1(), c.low(), c.high())));
    }
    return sb.toString();
  }

  /** {@code v} as one CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
  static String csvField(String v) {
    return v.matches("[^,\"\r\n]*") ? v : "\"" + v.replace("\"", "\"\"") + "\"";
  }

  /**
   * Accuracy after each adaptation step k = 0..K (strategies that predict after every step, as
   * standard TTT), one row per such summary, or "" when none did.
   */
  public static String perStepMarkdown(List<Summary> rows) {
    List<Summary> stepped = rows.stream().filter(s -> s.accuracyPerStep().length > 1).toList();
    if (stepped.isEmpty()) {
      return "";
    }
    int steps = stepped.stream().mapToInt(s -> s.accuracyPerStep().length).max().orElse(0);
    StringBuilder sb = new StringBuilder(String.format(
        "%nAccuracy %% after k adaptation steps (all samples):%n%n| method |"));
    for (int k = 0; k < steps; k++) {
      sb.append(" k=").append(k).append(" |");
    }
    sb.append("\n|---|").append("---|".repeat(steps)).append('\n');
    for (Summary s : stepped) {
      sb.append("| ").append(s.method()).append(" |");
      for (int k = 0; k < steps; k++) {
        sb.append(k < s.accuracyPerStep().length
            ? String.format(Locale.ROOT, " %.1f |", 100 * s.accuracyPerStep()[k]) : " |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * The held-out accuracy of a run's weights along each segment (one row per segment, one column
   * per measurement), or "" when there were none.
   */
  public static String holdoutMarkdown(List<Evaluation.HoldoutRecord> held) {
    if (held.isEmpty()) {
      return "";
    }
    Map<Integer, List<Evaluation.HoldoutRecord>> bySegment = new LinkedHashMap<>();
    held.forEach(h -> bySegment.computeIfAbsent(h.segment(), k -> new ArrayList<>()).add(h));
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%nHeld-out accuracy %% of the current weights (%d images, never trained on), after n"
        + " samples:%n%n", held.get(0).total()));
    List<Integer> seen = held.stream().map(Evaluation.HoldoutRecord::seen).distinct().sorted()
        .toList();
    sb.append("| segment | corruption |");
    seen.forEach(n -> sb.append(" n=").append(n).append(" |"));
    sb.append("\n|---|---|").append("---|".repeat(seen.size())).append('\n');
    bySegment.forEach((seg, hs) -> {
      sb.append("| ").append(seg).append(" | ").append(hs.get(0).corruption()).append(" |");
      for (int n : seen) {
        sb.append(hs.stream().filter(h -> h.seen() == n).findFirst()
            .map(h -> String.format(Locale.ROOT, " %.1f |", 100 * h.top1())).orElse(" |"));
      }
      sb.append('\n');
    });
    return sb.toString();
  }

  private static List<String> columns(List<Summary> rows) {
    List<String> cols = new ArrayList<>();
    for (Summary s : rows) {
      for (String c : s.byCorruption().keySet()) {
        if (!cols.contains(c)) {
          cols.add(c);
        }
      }
    }
    return cols;
  }
}
