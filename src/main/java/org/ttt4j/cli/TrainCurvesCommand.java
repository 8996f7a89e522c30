package org.ttt4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.report.TrainingCurves;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ttt4j train curves RUN}: draws the training curves of a run (or of any history.csv that
 * {@code ttt4j train} or {@code ttt4j train seg} wrote) again, e.g. of a run still going in
 * another process, or of the histories shipped beside a model. The train commands draw their own
 * curves with {@link #draw} too.
 */
@Command(name = "curves",
    description = "Draw the training curves (losses and learning rate over steps) of a run folder"
    + " or a history.csv.")
final class TrainCurvesCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN",
      description = "A train run folder (its history.csv is read) or a history .csv file.")
  Path run;

  @Option(names = "--out", description = "The PNG to write (default: beside the history, e.g."
      + " curves-redrawn.png for history.csv; the run's own curves.png keeps its title).")
  Path out;

  @Option(names = "--title", description = "The figure's title (default: the history's path).")
  String title;

  @Override
  public Integer call() {
    Path csv = Files.isDirectory(run) ? run.resolve("history.csv") : run;
    if (!Files.isRegularFile(csv)) {
      List<String> others = Files.isDirectory(run) ? histories(run) : List.of();
      throw new CommandLine.ParameterException(spec.commandLine(), csv + " does not exist: give"
          + " a folder that `ttt4j train` wrote (it holds history.csv) or a history .csv file"
          + (others.isEmpty() ? "" : "; this folder holds " + String.join(", ", others)));
    }
    Path png = out != null ? out : csv.resolveSibling(redrawnName(csv));
    draw(csv, png, title != null ? title : csv.toString());
    spec.commandLine().getOut().println("curves: " + png);
    return 0;
  }

  /** history.csv to curves-redrawn.png, history-mae.csv to curves-mae-redrawn.png. */
  static String redrawnName(Path csv) {
    String stem = csv.getFileName().toString().replaceFirst("\\.csv$", "");
    return stem.replaceFirst("^history", "curves") + "-redrawn.png";
  }

  /** The other history files of a folder (a shipped model keeps one per training stage). */
  private static List<String> histories(Path dir) {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("history") && n.endsWith(".csv")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The header of the history.csv of {@code ttt4j train}. */
  static final String TRAIN_HEADER = "step,epoch,lr,loss,mae_loss,class_loss,images_per_s";

  /** The header of the history.csv of {@code ttt4j train seg}. */
  static final String SEG_HEADER = "step,lr,loss,mae_loss,seg_loss,frames_per_s";

  /**
   * Draws the curves of a run that has just finished and saved its model. A figure that cannot be
   * drawn (an unreadable history, one without a step) is said on {@code err} with the command that
   * draws it later, and does not fail the run.
   *
   * @return whether the figure was drawn
   */
  static boolean drawFinished(Path csv, Path png, String title, PrintWriter err) {
    try {
      draw(csv, png, title);
      return true;
    } catch (RuntimeException e) {
      err.println("curves not drawn (" + e.getMessage() + "); the model is saved; draw them"
          + " later with: ttt4j train curves " + csv.getParent());
      return false;
    }
  }

  /**
   * Draws {@code png} from a history: the losses (for a train run, MAE and class loss beside the
   * total when the run had both; for a seg run, the segmentation CE and the MAE loss) and the
   * learning rate, over steps.
   */
  static void draw(Path csv, Path png, String title) {
    List<String> lines;
    try {
      String text = Files.readString(csv);
      lines = new ArrayList<>(text.lines().toList());
      if (!text.isEmpty() && !text.endsWith("\n") && lines.size() > 1) {
        lines.remove(lines.size() - 1);   // a step the run is still writing
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
    }
    String header = lines.isEmpty() ? "" : lines.get(0);
    boolean seg = header.equals(SEG_HEADER);
    if (!seg && !header.equals(TRAIN_HEADER)) {
      throw new IllegalArgumentException(csv + " is not the history.csv of a ttt4j train run:"
          + " its first line should be '" + TRAIN_HEADER + "' (train) or '" + SEG_HEADER
          + "' (train seg)");
    }
    int columns = header.split(",").length;
    List<List<Double>> c = new ArrayList<>();
    for (int j = 0; j < columns; j++) {
      c.add(new ArrayList<>());
    }
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (f.length != columns) {
        throw badStep(csv, i, lines.get(i), columns, null);
      }
      try {
        for (int j = 0; j < columns; j++) {
          c.get(j).add(Double.parseDouble(f[j]));
        }
      } catch (NumberFormatException e) {
        throw badStep(csv, i, lines.get(i), columns, e);
      }
    }
    List<Double> step = c.get(0);
    if (step.isEmpty()) {
      throw new IllegalArgumentException(csv + " has no step yet, so there is nothing to draw;"
          + " draw it again once the run has taken a step");
    }
    List<TrainingCurves.Series> losses = new ArrayList<>();
    if (seg) {
      losses.add(new TrainingCurves.Series("segmentation CE", step, c.get(4)));
      losses.add(new TrainingCurves.Series("MAE loss", step, c.get(3)));
    } else {
      losses.add(new TrainingCurves.Series("total loss", step, c.get(3)));
      if (!step.isEmpty() && !c.get(4).get(0).isNaN() && !c.get(5).get(0).isNaN()) {
        losses.add(new TrainingCurves.Series("MAE loss", step, c.get(4)));
        losses.add(new TrainingCurves.Series("class loss", step, c.get(5)));
      }
    }
    TrainingCurves.write(png, title, losses,
        new TrainingCurves.Series("lr", step, c.get(seg ? 1 : 2)));
  }

  private static IllegalArgumentException badStep(Path csv, int i, String line, int columns,
      Throwable cause) {
    return new IllegalArgumentException(csv + ", line " + (i + 1) + ": '" + line
        + "' is not a step of " + columns + " numbers", cause);
  }
}
