package org.ttt4j.cli;

import java.util.List;
import java.util.Locale;
import org.ttt4j.eval.video.VideoRun;

/** The summary of a `ttt4j video` run: one row per video, then the mean with a 95 % t-interval. */
final class VideoTable {

  private VideoTable() {}

  /**
   * The table; a video without labels has "no labels" for its scores and stays out of their mean,
   * which is over the scored videos (with their count when some are not).
   */
  static String markdown(List<VideoRun.Result> results) {
    StringBuilder s = new StringBuilder("| video | strategy | frames | mIoU % | pixel acc % | s/frame |\n"
        + "|---|---|---|---|---|---|\n");
    for (VideoRun.Result r : results) {
      s.append(String.format(Locale.ROOT, "| %s | %s%s | %d | %s | %s | %.4f |%n",
          java.nio.file.Path.of(r.video()).getFileName(), r.memory(), r.shuffled() ? " (shuffled)" : "",
          r.frames(), percent(r.miou()), percent(r.pixelAccuracy()), r.secondsPerFrame()));
    }
    List<VideoRun.Result> scored = results.stream().filter(r -> !Double.isNaN(r.miou())).toList();
    double[] miou = scored.stream().mapToDouble(r -> 100 * r.miou()).toArray();
    double[] acc = scored.stream().mapToDouble(r -> 100 * r.pixelAccuracy()).toArray();
    double[] sec = results.stream().mapToDouble(VideoRun.Result::secondsPerFrame).toArray();
    String over = scored.size() == results.size() ? "" : " (" + scored.size() + " scored videos)";
    s.append(String.format(Locale.ROOT, "| **mean ± 95%% CI**%s | | | %s | %s | %.4f |%n", over,
        scored.isEmpty() ? "-" : meanCi(miou), scored.isEmpty() ? "-" : meanCi(acc), mean(sec)));
    return s.toString();
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "no labels"
        : String.format(Locale.ROOT, "%.2f", 100 * fraction);
  }

  /** "mean ± half-width" of a 95 % Student-t interval over the values. */
  static String meanCi(double[] v) {
    double m = mean(v);
    if (v.length < 2) {
      return String.format(Locale.ROOT, "%.2f", m);
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    double sd = Math.sqrt(ss / (v.length - 1));
    return String.format(Locale.ROOT, "%.2f ± %.2f", m, t975(v.length - 1) * sd / Math.sqrt(v.length));
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  /** The 97.5 % quantile of Student's t with {@code df} degrees of freedom. */
  private static double t975(int df) {
    double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228};
    return df <= table.length ? table[df - 1] : 1.96 + 2.4 / df;
  }
}
