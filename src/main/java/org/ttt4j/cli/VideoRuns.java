package org.ttt4j.cli;

import static org.ttt4j.cli.OptionValues.num;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.eval.video.VideoRun;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.TttConfig;
import org.ttt4j.ttt.video.Memory;
import org.ttt4j.ttt.video.VideoTtt;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The videos of one {@code ttt4j video} command, run one after the other, each into its own run
 * folder under {@code out}. A video that finished there before with the same settings is kept
 * rather than run again, so that the same command continues a stopped run; one made with other
 * settings is refused, never overwritten.
 */
final class VideoRuns {

  private final CommandSpec spec;
  private final Path out;
  private final Path model;
  private final Memory memory;
  private final TttConfig ttt;
  private final long seed;
  private final boolean shuffle;
  private final boolean savePredictions;
  /** What each run's manifest records of the settings, and what a kept run must have. */
  private final Map<String, Object> configs = new LinkedHashMap<>();

  /**
   * Runs of {@code memory} with {@code ttt} and the model read from {@code model}, frames in order
   * or {@code shuffle}d, predicted masks written when {@code savePredictions} (and for every video
   * without labels); messages and usage errors are {@code spec}'s.
   */
  VideoRuns(CommandSpec spec, Path out, Path model, Memory memory, TttConfig ttt, long seed,
      boolean shuffle, boolean savePredictions) {
    this.spec = spec;
    this.out = out;
    this.model = model;
    this.memory = memory;
    this.ttt = ttt;
    this.seed = seed;
    this.shuffle = shuffle;
    this.savePredictions = savePredictions;
    configs.put("memory", memory);
    configs.put("ttt", ttt);
    configs.put("shuffle", shuffle);
    configs.put("model", model.toString());
  }

  /** The run folder of video {@code v} under {@code out}. */
  static Path runDir(Path out, VideoFolder v) {
    return out.resolve(v.dir().getFileName().toString());
  }

  /**
   * Every video of {@code list} that did not finish before, in order, with the model {@code net};
   * each result (kept or new) is added to {@code results}, and each manifest names
   * {@code command}. 130 when Ctrl-C ({@code stop}) stopped one, else 0.
   */
  int runAll(YShapedVit net, List<VideoFolder> list, List<String> command,
      List<VideoRun.Result> results, MemoryMeter meter, StopOnSignal stop) {
    PrintWriter err = spec.commandLine().getErr();
    // a video finished before with these settings is kept (a stopped run continues where it
    // stopped); one made with other settings is never overwritten
    Map<VideoFolder, VideoRun.Result> kept = new LinkedHashMap<>();
    for (VideoFolder v : list) {
      finishedBefore(v, runDir(out, v)).ifPresent(r -> kept.put(v, r));
    }
    long frames = list.stream().mapToLong(VideoFolder::size).sum();
    err.println(settingsLine(list.size(), frames, kept.size()));
    err.flush();
    // offline TTT adapts on every frame (epochs passes) before its first prediction: its bar
    // counts those steps too, so it moves during the silent part, as eval's does
    int passes = memory instanceof Memory.Offline off ? off.epochs() : 0;
    ProgressBar bar = ProgressBar.onStderr("video " + memory.id(), frames * (1 + passes),
        passes > 0 ? "steps+frames" : "frames");
    // kept videos count as done, but not in the rate or the ETA
    bar.startAt(kept.keySet().stream().mapToLong(v -> (long) v.size() * (1 + passes)).sum());
    meter.printTo(bar::message);
    boolean warm = false;
    for (int i = 0; i < list.size(); i++) {
      VideoFolder v = list.get(i);
      String name = v.dir().getFileName().toString();
      if (kept.containsKey(v)) {
        results.add(kept.get(v));
        bar.message(name + ": finished before with these settings, kept");
        continue;
      }
      Map<String, String> data = new LinkedHashMap<>();  // Map.of's order varies per JVM
      data.put("video", v.dir().toString());
      data.put("model", model.toString());
      RunManifest manifest = RunManifest.start(command, configs, seed, data);
      bar.field("video", (i + 1) + "/" + list.size());
      try (Adapter adapter = new Adapter(net, ttt)) {
        VideoTtt videoTtt = new VideoTtt(adapter);
        if (!warm) {             // start-up costs in no video's s/frame; the results do not change
          videoTtt.warmUp(memory, v.frame(0).image());
          warm = true;
        }
        if (passes > 0) {
          adapter.observeSteps(sources -> bar.advance(1));
        }
        int[] done = {0};
        Optional<VideoRun.Result> r = VideoRun.run(videoTtt, memory, v, shuffle, seed,
            net.config().numClasses(), runDir(out, v), manifest, savePredictions, stop::requested,
            p -> {
              done[0] = p.framesDone();
              bar.field("mIoU", Double.isNaN(p.miou()) ? "-"
                  : String.format(Locale.ROOT, "%.1f%%", 100 * p.miou()));
              bar.advance(1);
              meter.frame();
            });
        if (r.isEmpty()) {
          bar.finish();
          err.println("stopped in " + name + " after " + done[0] + " of " + v.size() + " frames"
              + (results.isEmpty() ? "" : "; " + results.size() + " finished video(s) kept")
              + "; the same command again runs " + name + " from its first frame and goes on");
          err.flush();
          return 130;
        }
        results.add(r.get());
        bar.message(resultLine(name, r.get()));
      }
    }
    bar.finish();
    return 0;
  }

  private String resultLine(String name, VideoRun.Result r) {
    if (Double.isNaN(r.miou())) {
      return String.format(Locale.ROOT, "%s %s: no labels, predictions written, %.4f s/frame",
          memory.id(), name, r.secondsPerFrame());
    }
    return String.format(Locale.ROOT, "%s %s: mIoU %.2f %%, pixel acc %.2f %%, %.4f s/frame",
        memory.id(), name, 100 * r.miou(), 100 * r.pixelAccuracy(), r.secondsPerFrame());
  }

  /** What runs, on what, into where: one line before the bar, as `ttt4j eval` prints. */
  private String settingsLine(int videoCount, long frames, int keptCount) {
    String what = videoCount + " video(s), " + frames + " frames" + (keptCount > 0 ? " ("
        + keptCount + " video(s) finished before)" : "") + (shuffle ? ", frames shuffled" : "")
        + " -> " + out;
    if (memory instanceof Memory.Fixed) {
      return "fixed (no adaptation): " + what;
    }
    String schedule = memory instanceof Memory.Offline o ? o.epochs() + " epoch(s) first"
        : memory.steps() + " step(s) per frame";
    return memory.id() + ": " + schedule + ", SGD lr " + num(ttt.optimizer().lr()) + " momentum "
        + num(ttt.optimizer().momentum()) + ", B=" + ttt.batch() + ", " + ttt.group().id()
        + " adapts, mask " + num(ttt.maskRatio()) + ", seed " + seed + "; " + what;
  }

  /**
   * The result of a video run in {@code dir} that finished with these settings; empty when
   * there is none (or it stopped before finishing, or lacks the predicted masks now asked for: it
   * runs again). A finished run with other settings, or of a video with another frame count, is
   * refused, so that nothing measured is overwritten.
   */
  private Optional<VideoRun.Result> finishedBefore(VideoFolder v, Path dir) {
    Optional<RunManifest> made = JsonFiles.read(dir.resolve("manifest.json"), RunManifest.class);
    Optional<VideoRun.Result> result = JsonFiles.read(dir.resolve("summary.json"),
        VideoRun.Result.class);
    if (made.isEmpty() || made.get().finished() == null || result.isEmpty()) {
      return Optional.empty();
    }
    List<String> differ = VideoCommand.differences(made.get().configs(), configs);
    if (!differ.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), dir + " holds a finished run"
          + " made with other settings (" + String.join("; ", differ) + "); choose another"
          + " --out, or delete it to run it again");
    }
    String madeOn = made.get().data() == null ? null : made.get().data().get("video");
    if (madeOn != null && Files.isDirectory(Path.of(madeOn))
        && !Path.of(madeOn).toAbsolutePath().normalize()
            .equals(v.dir().toAbsolutePath().normalize())) {
      throw new CommandLine.ParameterException(spec.commandLine(), dir + " holds a finished run"
          + " of the video " + madeOn + ", not of " + v.dir() + "; choose another --out");
    }
    if (result.get().frames() != v.size()) {
      throw new CommandLine.ParameterException(spec.commandLine(), dir + " holds a finished run"
          + " of " + result.get().frames() + " frames, but " + v.dir() + " has " + v.size()
          + " now; choose another --out, or delete it to run it again");
    }
    if ((savePredictions || !v.hasLabels()) && !Files.isDirectory(dir.resolve("predicted"))) {
      return Optional.empty();         // the same settings again, now with the masks
    }
    return result;
  }
}
