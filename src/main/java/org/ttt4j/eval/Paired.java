package org.ttt4j.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The difference in accuracy between two runs on the same images, image by image: for each image
 * both runs predicted, the difference of their correct/wrong indicators (−1, 0 or +1), averaged,
 * with a 95 % normal interval (mean ± 1.96 standard errors). Pairing removes the spread between
 * images, which two independent intervals both carry: two recipes a point apart on 1,500 images
 * are told apart by it where their Wilson intervals overlap.
 *
 * <p>An image is the same in both runs when its corruption, level and dataset image index are
 * ({@link Evaluation.Record#image()}): so a separate run pairs with a consecutive or shuffled run
 * of the same images whatever order each saw them in. Records written before the index was
 * recorded are matched as before, by corruption, level and stream position (the streams of
 * {@code ttt4j eval} draw their images by position, so two runs with the same split, stream,
 * samples and seed see the same image at each position); {@code matchedBy} says which was used.
 * The labels must then agree; a label that differs means the runs saw different images, and is
 * refused.
 */
public record Paired(int images, double mean, double halfWidth, double[] perStep,
    double[] perStepHalfWidth, Match matchedBy) {

  /** How the images of two runs were matched. */
  public enum Match {
    /** By corruption, level and dataset image index. */
    IMAGE("corruption, level and dataset image"),
    /** By corruption, level and stream position (records without an image index). */
    POSITION("corruption, level and stream position");

    private final String description;

    Match(String description) {
      this.description = description;
    }

    /** The fields matched, for messages and tables. */
    public String description() {
      return description;
    }
  }

  /** The paired difference {@code a − b} in accuracy (fractions), over the images both hold. */
  public static Paired of(List<Evaluation.Record> a, List<Evaluation.Record> b) {
    Match match = byImage(a) && byImage(b) ? Match.IMAGE : Match.POSITION;
    Map<String, Evaluation.Record> byImage = new HashMap<>();
    for (Evaluation.Record r : b) {
      byImage.put(key(r, match), r);
    }
    int steps = Math.min(steps(a), steps(b));
    List<int[]> diffs = new ArrayList<>();            // [last step, step 0, ..., step K]
    for (Evaluation.Record ra : a) {
      Evaluation.Record rb = byImage.get(key(ra, match));
      if (rb == null) {
        continue;
      }
      if (rb.label() != ra.label()) {
        throw new IllegalArgumentException("the runs saw different images: " + key(ra, match)
            + " has label " + ra.label() + " in one and " + rb.label() + " in the other; pair"
            + " only runs made with the same --split"
            + (match == Match.IMAGE ? "" : ", stream, --samples and --seed (matched by stream"
                + " position: the records of a run do not all name their dataset image, as runs"
                + " made before records held `image` do not)"));
      }
      int[] d = new int[steps + 1];
      d[0] = (ra.correct() ? 1 : 0) - (rb.correct() ? 1 : 0);
      for (int k = 0; k < steps; k++) {
        d[k + 1] = (ra.predictions()[k] == ra.label() ? 1 : 0)
            - (rb.predictions()[k] == rb.label() ? 1 : 0);
      }
      diffs.add(d);
    }
    if (diffs.size() < 2) {
      throw new IllegalArgumentException("the runs share " + diffs.size() + " image(s) (matched"
          + " by " + match.description() + "); pair runs made on the same images");
    }
    double[] last = meanAndHalfWidth(diffs, 0);
    double[] perStep = new double[steps];
    double[] perStepHalf = new double[steps];
    for (int k = 0; k < steps; k++) {
      double[] m = meanAndHalfWidth(diffs, k + 1);
      perStep[k] = m[0];
      perStepHalf[k] = m[1];
    }
    return new Paired(diffs.size(), last[0], last[1], perStep, perStepHalf, match);
  }

  /**
   * A Markdown table of each row's paired difference against the first, in points, at the last
   * step and, where both predicted after every step, every fifth step.
   */
  public static String markdown(List<String> names, List<List<Evaluation.Record>> runs) {
    if (runs.size() < 2) {
      throw new IllegalArgumentException("pairing needs at least two runs (or labels); got "
          + runs.size());
    }
    List<Paired> rows = new ArrayList<>();
    for (int i = 1; i < runs.size(); i++) {
      rows.add(of(runs.get(i), runs.get(0)));
    }
    int steps = rows.stream().mapToInt(p -> p.perStep().length).min().orElse(0);
    List<Integer> shown = new ArrayList<>();
    for (int k = 5; k < steps - 1; k += 5) {
      shown.add(k);
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nPaired against %s (the"
        + " same images; difference in points, mean ± 1.96 standard errors):%n%n| method | images"
        + " | last step |", names.get(0)));
    shown.forEach(k -> sb.append(" k=").append(k).append(" |"));
    sb.append("\n|---|---|---|").append("---|".repeat(shown.size())).append('\n');
    for (int i = 0; i < rows.size(); i++) {
      Paired p = rows.get(i);
      sb.append("| ").append(names.get(i + 1)).append(" − ").append(names.get(0)).append(" | ")
          .append(p.images()).append(" | ").append(points(p.mean(), p.halfWidth())).append(" |");
      shown.forEach(k -> sb.append(' ').append(points(p.perStep()[k], p.perStepHalfWidth()[k]))
          .append(" |"));
      sb.append('\n');
    }
    List<Match> used = rows.stream().map(Paired::matchedBy).distinct().toList();
    if (used.size() == 1) {
      sb.append(String.format(Locale.ROOT, "%nImages matched by %s%s.%n",
          used.get(0).description(), used.get(0) == Match.POSITION ? WHY_POSITION : ""));
    } else {
      sb.append(String.format(Locale.ROOT, "%nImages matched by:%n"));
      for (int i = 0; i < rows.size(); i++) {
        Match m = rows.get(i).matchedBy();
        sb.append("- ").append(names.get(i + 1)).append(": ").append(m.description())
            .append(m == Match.POSITION ? WHY_POSITION : "").append('\n');
      }
    }
    return sb.toString();
  }

  private static final String WHY_POSITION = " (a run's records do not all name their dataset"
      + " image, or one names an image twice: runs written before records held `image` are paired"
      + " by position)";

  private static String points(double mean, double half) {
    return String.format(Locale.ROOT, "%+.1f ± %.1f", 100 * mean, 100 * half);
  }

  private static double[] meanAndHalfWidth(List<int[]> diffs, int column) {
    double sum = 0;
    double sumSq = 0;
    for (int[] d : diffs) {
      sum += d[column];
      sumSq += (double) d[column] * d[column];
    }
    int n = diffs.size();
    double mean = sum / n;
    double variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
    return new double[] {mean, 1.959964 * Math.sqrt(variance / n)};
  }

  private static int steps(List<Evaluation.Record> records) {
    return records.stream().mapToInt(r -> r.predictions().length).min().orElse(0);
  }

  /**
   * Whether a run's records can be matched by image: every one holds its image index, and no two
   * name the same image under the same shift (a stream that shows an image twice is matched by
   * position, as before).
   */
  private static boolean byImage(List<Evaluation.Record> records) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Evaluation.Record r : records) {
      if (r.image() == null || !seen.add(key(r, Match.IMAGE))) {
        return false;
      }
    }
    return true;
  }

  private static String key(Evaluation.Record r, Match match) {
    String shift = r.corruption() + ":" + r.severity();
    return match == Match.IMAGE ? shift + " image " + r.image() : shift + "@" + r.position();
  }
}
