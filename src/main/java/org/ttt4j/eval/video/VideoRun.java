package org.ttt4j.eval.video;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntConsumer;
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

  /** One frame's line in records.jsonl. */
  public record Record(int position, int frame, double miou, double pixelAccuracy,
      float[] losses, double seconds) {}

  /** What a run of one video comes to. */
  public record Result(String video, String memory, boolean shuffled, int frames, double miou,
      double pixelAccuracy, double secondsPerFrame, double[] classIou) {}

  private VideoRun() {}

  /**
   * Runs {@code video} under {@code memory} and writes the run into {@code dir}. {@code progress}
   * hears the count of frames done; {@code savePredictions} also writes each predicted label map
   * to {@code dir/predicted/}.
   */
  public static Result run(VideoTtt ttt, Memory memory, VideoFolder video, boolean shuffle,
      long seed, int classes, Path dir, RunManifest manifest, boolean savePredictions,
      IntConsumer progress) {
    List<Frame> frames = video.readAll();
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
    try {
      Files.createDirectories(dir);
      try (BufferedWriter out = Files.newBufferedWriter(records)) {
        ttt.run(memory, stream, r -> {
          int frame = order.get(r.position());
          Confusion one = new Confusion(classes);
          one.add(frames.get(frame).labels(), r.predicted());
          all.addAll(one);
          seconds[0] += r.seconds();
          if (savePredictions) {
            ImageFiles.writePng(dir.resolve("predicted").resolve(
                video.frameFile(frame).getFileName()), r.predicted());
          }
          write(out, new Record(r.position(), frame, one.meanIou(), one.pixelAccuracy(),
              r.losses(), r.seconds()));
          progress.accept(r.position() + 1);
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + records + ": " + e.getMessage(), e);
    }
    double[] classIou = new double[classes];
    for (int c = 0; c < classes; c++) {
      classIou[c] = all.truthCount(c) > 0 ? all.iou(c) : Double.NaN;
    }
    Result result = new Result(video.dir().toString(), memory.id(), shuffle, frames.size(),
        all.meanIou(), all.pixelAccuracy(), seconds[0] / frames.size(), classIou);
    JsonFiles.write(dir.resolve("summary.json"), result);
    AtomicFiles.writeString(dir.resolve("summary.md"), markdown(result, video.classNames()));
    manifest.finish(java.util.Map.of("miou", result.miou(),
        "pixel_accuracy", result.pixelAccuracy(), "seconds_per_frame", result.secondsPerFrame()))
        .write(dir.resolve("manifest.json"));
    return result;
  }

  private static void write(BufferedWriter out, Record r) {
    try {
      out.write(JsonFiles.toCompactJson(r));
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String markdown(Result r, List<String> names) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "# %s on %s%s%n%n", r.memory(), r.video(),
        r.shuffled() ? " (frames shuffled)" : ""));
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
