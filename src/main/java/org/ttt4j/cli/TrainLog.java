package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ttt4j.train.Trainer;

/**
 * What {@code ttt4j train} leaves as it goes: history.csv ({@link TrainHistory}: one line per
 * step, on disk as soon as the step ends), the progress bar, and the curves PNG (drawn again at
 * every checkpoint, so a long run can be watched). Closed when the run ends, however it ends.
 */
final class TrainLog implements AutoCloseable {

  private final Path dir;
  private final String title;
  private final PrintWriter err;
  private final TrainHistory history;
  private ProgressBar bar;
  private Trainer.StepRecord last;   // the last step on record, this process's or the resumed run's

  /** Opens {@code dir}'s history, keeping the steps up to {@code resumeStep} (0 for a new run). */
  TrainLog(Path dir, long resumeStep, String title, PrintWriter err) {
    this.dir = dir;
    this.title = title;
    this.err = err;
    this.history = TrainHistory.open(dir, TrainCurvesCommand.TRAIN_HEADER, resumeStep);
    List<String> kept = history.kept();
    if (!kept.isEmpty()) {
      last = parse(kept.get(kept.size() - 1));
    }
  }

  /** A kept history line (seven numbers) as a step record. */
  private static Trainer.StepRecord parse(String line) {
    String[] f = line.split(",");
    return new Trainer.StepRecord(Long.parseLong(f[0]), Double.parseDouble(f[1]),
        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
        Double.parseDouble(f[5]), Double.parseDouble(f[6]));
  }

  void record(Trainer.StepRecord r, long total) {
    if (bar == null) {
      bar = ProgressBar.onStderr("train", total, "steps");
      bar.startAt(r.step() - 1);
    }
    last = r;
    bar.field("loss", String.format("%.4f", r.loss()));
    bar.field("lr", String.format("%.2e", r.lr()));
    bar.field("img/s", String.format("%.0f", r.imagesPerSecond()));
    bar.advance(1);
    history.append(String.format(Locale.ROOT, "%d,%.5f,%.6e,%.6f,%.6f,%.6f,%.1f",
        r.step(), r.epoch(), r.lr(), r.loss(), r.maeLoss(), r.classLoss(), r.imagesPerSecond()));
  }

  /** After a checkpoint: the curves drawn again, unless the run has no step yet. */
  void checkpointed(long step) {
    if (bar != null) {
      bar.message("checkpoint at step " + step);
    }
    if (last == null) {
      return;
    }
    try {
      writeCurves();
    } catch (RuntimeException e) {   // a figure is not worth stopping a run for
      err.println("curves not drawn at step " + step + ": " + e.getMessage());
    }
  }

  /** What a run stopped by Ctrl-C says: where it stopped and how to continue. */
  void stopped(long step) {
    String resume = "continue with: ttt4j train --out " + dir + " --resume";
    err.println(step == 0 ? "stopped before its first step; " + resume
        : "stopped at step " + step + "; " + resume);
  }

  void finish() {
    history.close();
    if (bar != null) {
      bar.finish();
    }
  }

  /** Closes the history, also of a run that failed before {@link #finish} (twice is fine). */
  @Override
  public void close() {
    history.close();
  }

  /** The losses of the run's last step on record (none before its first step). */
  Map<String, Object> lastLosses() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (last != null) {
      m.put("final_loss", last.loss());
      m.put("final_mae_loss", last.maeLoss());
      m.put("final_class_loss", last.classLoss());
    }
    return m;
  }

  private void writeCurves() {
    TrainCurvesCommand.draw(history.file(), dir.resolve("curves.png"), title);
  }

  /** The curves of the finished run, said on stderr; a figure that cannot be drawn is said too. */
  void writeFinalCurves() {
    if (TrainCurvesCommand.drawFinished(history.file(), dir.resolve("curves.png"), title, err)) {
      err.println("curves: " + dir.resolve("curves.png"));
    }
  }
}
