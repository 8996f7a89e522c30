package org.ttt4j.eval.video;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.ttt4j.data.FrameFolder;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.data.Seeds;
import org.ttt4j.data.video.MovingGarments.Frame;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.ttt.video.Memory;
import org.ttt4j.ttt.video.VideoTtt;

/**
 * One video under one memory: runs the stream (in order, or shuffled to test locality), scores
 * every frame, and writes {@code records.jsonl} (one line per frame, in stream order),
 * {@code summary.md}, {@code summary.json} and {@code manifest.json} into the run folder.
 */
public final class VideoRun {

  /**
   * One frame's line in records.jsonl: its place in the stream, its index in the video (frames in
   * natural name order) and file name, mIoU and pixel accuracy (NaN, null in the file, when the
   * video has no labels), MAE losses, seconds.
   */
  public record Record(int position, int frame, String file, double miou, double pixelAccuracy,
      float[] losses, double seconds) {}

  /** What a run of one video comes to (mIoU, pixel accuracy and class IoUs NaN without labels). */
  public record Result(String video, String memory, boolean shuffled, int frames, double miou,
      double pixelAccuracy, double secondsPerFrame, double[] classIou) {}

  /** Where a run is: frames done, and the video's mIoU so far (NaN without labels). */
  public record Progress(int framesDone, double miou) {}

  private VideoRun() {}

  /**
   * Runs {@code video} under {@code memory} and writes the run into {@code dir}. {@code progress}
   * hears every frame done; {@code savePredictions} also writes each predicted label map to {@code
   * dir/predicted/} (always, for a video without labels: the predictions are all it gives).
   * Returns empty when {@code stop} said stop (asked before every frame): the frames done are in
   * records.jsonl, and the run has no summary and an unfinished manifest, so it runs again.
   *
   * @throws LabelNotPredicted before anything is written, when a label map holds a value the model
   *     does not predict ({@link #requireClasses})
   */
  public static Optional<Result> run(VideoTtt ttt, Memory memory, VideoFolder video,
      boolean shuffle, long seed, int classes, Path dir, RunManifest manifest,
      boolean savePredictions, BooleanSupplier stop, Consumer<Progress> progress) {
    List<Frame> frames = video.readAll();
    for (int t = 0; video.hasLabels() && t < frames.size(); t++) {
      requireClasses(video.labelFile(t), frames.get(t).labels(), classes);
    }
    boolean predictions = savePredictions || !video.hasLabels();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      order.add(i);
    }
    if (shuffle) {
      Collections.shuffle(order, new Random(Seeds.derive(seed, 13)));
    }
    List<Image> stream = order.stream().map(i -> frames.get(i).image()).toList();
    Confusion all = new Confusion(classes);
    double[] seconds = {0};
    Path records = dir.resolve("records.jsonl");
    boolean complete;
    try {
      Files.createDirectories(dir);
      // a run done again is not done yet, and shows no summary of the run before it
      Files.deleteIfExists(dir.resolve("summary.json"));
      Files.deleteIfExists(dir.resolve("summary.md"));
      manifest.write(dir.resolve("manifest.json"));
      try (BufferedWriter out = Files.newBufferedWriter(records)) {
        complete = ttt.run(memory, stream, r -> {
          int frame = order.get(r.position());
          Image truth = frames.get(frame).labels();
          double miou = Double.NaN;
          double accuracy = Double.NaN;
          if (truth != null) {
            Confusion one = new Confusion(classes);
            one.add(truth, r.predicted());
            all.addAll(one);
            miou = one.meanIou();
            accuracy = one.pixelAccuracy();
          }
          seconds[0] += r.seconds();
          if (predictions) {
            ImageFiles.writePng(predictedFile(dir, video.frameFile(frame)), r.predicted());
          }
          write(out, new Record(r.position(), frame, video.frameFile(frame).getFileName()
              .toString(), miou, accuracy, r.losses(), r.seconds()));
          progress.accept(new Progress(r.position() + 1, truth != null ? all.meanIou()
              : Double.NaN));
        }, stop);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + records + ": " + e.getMessage(), e);
    }
    if (!complete) {
      return Optional.empty();
    }
    double[] classIou = new double[classes];
    for (int c = 0; c < classes; c++) {
      classIou[c] = all.truthCount(c) > 0 ? all.iou(c) : Double.NaN;
    }
    Result result = new Result(video.dir().toString(), memory.id(), shuffle, frames.size(),
        all.meanIou(), all.pixelAccuracy(), seconds[0] / frames.size(), classIou);
    JsonFiles.write(dir.resolve("summary.json"), result);
    AtomicFiles.writeString(dir.resolve("summary.md"), markdown(result, video.classNames()));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("miou", result.miou());
    metrics.put("pixel_accuracy", result.pixelAccuracy());
    metrics.put("seconds_per_frame", result.secondsPerFrame());
    manifest.finish(metrics).write(dir.resolve("manifest.json"));
    return Optional.of(result);
  }

  /**
   * A label map holds a value that is neither a class of the model nor {@link VideoFolder#IGNORE}:
   * the video and the model do not go together. A caller that took the model and the video from
   * its user may treat it as the user's mistake (the CLI exits 2).
   */
  public static final class LabelNotPredicted extends IllegalArgumentException {
    LabelNotPredicted(String message) {
      super(message);
    }
  }

  /**
   * Refuses a video whose label maps hold a value that is neither a class of a model predicting
   * {@code classes} classes nor {@link VideoFolder#IGNORE}, naming the file, the pixel and the
   * class count. Reads the label maps only (not the frames), so that a caller can check every
   * video before any runs; {@link #run} checks its video again.
   *
   * @throws LabelNotPredicted at the first such value
   */
  public static void requireClasses(VideoFolder video, int classes) {
    for (int t = 0; video.hasLabels() && t < video.size(); t++) {
      requireClasses(video.labelFile(t), video.frames().labelMap(t), classes);
    }
  }

  private static void requireClasses(Path file, Image labels, int classes) {
    byte[] px = labels.pixels();
    for (int i = 0; i < px.length; i++) {
      int v = px[i] & 0xFF;
      if (v >= classes && v != VideoFolder.IGNORE) {
        throw new LabelNotPredicted(file + ": label " + v + " at (y " + i / labels.width()
            + ", x " + i % labels.width() + ") is no class of the model, which predicts "
            + classes + " (0.." + (classes - 1) + "; " + VideoFolder.IGNORE + " marks a pixel"
            + " without a label); give a model trained on these classes");
      }
    }
  }

  /**
   * Where a run in {@code dir} saves the predicted label map of {@code frameFile}: {@code
   * predicted/} + the frame's base name + {@code .png} (a JPEG frame's mask is a PNG too).
   */
  public static Path predictedFile(Path dir, Path frameFile) {
    return dir.resolve("predicted").resolve(FrameFolder.baseName(frameFile) + ".png");
  }

  private static void write(BufferedWriter out, Record r) {
    try {
      out.write(JsonFiles.toCompactJson(r));
      out.newLine();
      out.flush();          // one line per frame as it ends: a run still going can be read
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String markdown(Result r, List<String> names) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "# %s on %s%s%n%n", r.memory(), r.video(),
        r.shuffled() ? " (frames shuffled)" : ""));
    if (Double.isNaN(r.miou())) {
      return s.append(String.format(Locale.ROOT, "- frames: %d%n- no labels: predictions in"
          + " predicted/, no scores%n- seconds per frame: %.4f%n", r.frames(),
          r.secondsPerFrame())).toString();
    }
    s.append(String.format(Locale.ROOT, "- frames: %d%n- mIoU: %.2f %%%n- pixel accuracy: %.2f %%%n"
        + "- seconds per frame: %.4f%n%n| class | IoU %% |%n|---|---|%n", r.frames(),
        100 * r.miou(), 100 * r.pixelAccuracy(), r.secondsPerFrame()));
    for (int c = 0; c < r.classIou().length; c++) {
      if (!Double.isNaN(r.classIou()[c])) {
        String name = c < names.size() ? names.get(c) : Integer.toString(c);
        s.append(String.format(Locale.ROOT, "| %s | %.2f |%n", name, 100 * r.classIou()[c]));
      }
    }
    return s.toString();
  }
}
