package org.ttt4j.cli;

import static org.ttt4j.cli.OptionValues.num;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.ttt4j.bench.MemoryBenchmark;
import org.ttt4j.bench.StepBenchmark;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.eval.video.VideoRun;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.FolderLock;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.TttConfig;
import org.ttt4j.ttt.video.Memory;
import org.ttt4j.ttt.video.VideoTtt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ttt4j video}: TTT on video streams (seed 001) with a segmentation model, one run folder
 * per video, and a table of mIoU / pixel accuracy / seconds per frame over the videos; {@code
 * video make} generates labelled videos.
 */
@Command(name = "video",
    description = {"TTT on video streams: fixed, no-memory, online, window or offline; mIoU per"
        + " video, and the mean with a 95%% interval over the videos (summary.md).",
        "Frames must have the model's size and channels (nothing is resized or converted);"
        + " label value 255 marks a pixel without a label."},
    subcommands = {VideoMakeCommand.class, VideoFiguresCommand.class})
final class VideoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The shipped segmentation model, relative to the repository root. */
  static final String DEFAULT_MODEL = "models/fmnist-video/model.safetensors";

  @Option(names = "--model", description = "Segmentation checkpoint or run folder (`ttt4j train"
      + " seg`; default: the shipped " + "models/fmnist-video, 32x32 grey frames, 11 classes).")
  Path model;
  @Option(names = "--videos", description = "A video folder (frames/*.png, and labels/*.png of"
      + " the same names to be scored), a folder of them, or a folder of loose frames. A video"
      + " without labels is adapted on and segmented, not scored: its predicted masks are"
      + " written.")
  Path videos;
  @Option(names = "--strategy", defaultValue = "online",
      description = "fixed, no-memory, online, window or offline (default: ${DEFAULT-VALUE}).")
  String strategy;
  @Option(names = {"--k", "--window"}, defaultValue = "16",
      description = "Window size: the last k frames a step draws from (window;"
          + " default: ${DEFAULT-VALUE}).")
  int k;
  @Option(names = "--steps", defaultValue = "1",
      description = "Steps per frame (no-memory, online, window; default: ${DEFAULT-VALUE}).")
  int steps;
  @Option(names = "--epochs", defaultValue = "1",
      description = "Passes over the video before predicting (offline; default: ${DEFAULT-VALUE}).")
  int epochs;
  @Option(names = "--lr", defaultValue = "0.005", description = "SGD learning rate (default:"
      + " ${DEFAULT-VALUE}, chosen with online TTT on a tuning video: docs/results/video).")
  double lr;
  @Option(names = "--momentum", defaultValue = "0.9",
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum;
  @Option(names = "--batch", defaultValue = "8",
      description = "Views per step (default: ${DEFAULT-VALUE}).")
  int batch;
  @Option(names = "--mask-ratio", defaultValue = "0.8",
      description = "Fraction of patches masked in each step (default: ${DEFAULT-VALUE}).")
  double maskRatio;
  @Option(names = "--crop-min", defaultValue = "1.0",
      description = "Random resized crop min scale of a view (default: ${DEFAULT-VALUE}).")
  double cropMin;
  @Option(names = {"--params", "--group"}, defaultValue = "encoder", description = "Parameters"
      + " that adapt (--group, as in `ttt4j eval`): encoder, encoder+decoder, norms, lastN,"
      + " firstN (default: ${DEFAULT-VALUE}).")
  String params;
  @Option(names = "--shuffle", description = "Shuffle the frames (the locality ablation).")
  boolean shuffle;
  @Option(names = "--save-predictions", description = "Also write predicted label PNGs"
      + " (RUN/<video>/predicted/; always for a video without labels).")
  boolean savePredictions;
  @Option(names = "--print-memory-every", defaultValue = "0",
      description = "Print RSS and heap every N frames (0: never; default: ${DEFAULT-VALUE}).")
  int memoryEvery;
  @Option(names = "--seed", defaultValue = "0", description = "Seed of the views, masks and"
      + " --shuffle order (default: ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--out", description = "Folder for the run folders (one per video) and"
      + " summary.md. The same command again keeps the videos that finished there and runs the"
      + " others (Ctrl-C stops after the frame it is on).")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (videos == null || out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--videos and --out are required (or use `video make`)");
    }
    if (memoryEvery < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--print-memory-every must be"
          + " 0 (never) or more, got " + memoryEvery);
    }
    Memory memory = OptionValues.check(spec, this::memory);
    model = model != null ? ModelOption.resolve(model.toString())  // a run folder names its model
        : shippedModel();
    List<VideoFolder> list = VideoFolder.listForTtt(videos);
    List<String> command = OptionValues.commandLine(spec);
    List<VideoRun.Result> results = new ArrayList<>();
    // "start" is measured before the engine and the model load
    PrintWriter err = spec.commandLine().getErr();
    notes(memory, list).forEach(err::println);
    err.flush();
    MemoryMeter meter = new MemoryMeter(line -> {
      err.println(line);
      err.flush();
    }, memoryEvery);
    try (NDManager m = NDManager.newBaseManager(); YShapedVit net = Checkpoint.load(model, m)) {
      if (net.config().head() != HeadType.DENSE) {
        throw new ModelOption.Refused(model + " has a " + net.config().head() + " head, not"
            + " a dense one; give a segmentation model (the default, models/fmnist-video, or one"
            + " of `ttt4j train seg`)");
      }
      for (VideoFolder v : list) {          // before anything is written: no folder to clean up
        ModelOption.requireFits(net, model, v.frames(), false);
        requireClasses(v, net.config().numClasses());
      }
      TttConfig ttt = OptionValues.check(spec, () -> new TttConfig(ParamGroup.parse(params,
          net.config().depth()), OptimizerConfig.sgd(lr, momentum, 0), maskRatio, batch, cropMin,
          0, seed));
      if (ttt.group() instanceof ParamGroup.Head && !(memory instanceof Memory.Fixed)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--params head adapts"
            + " nothing: the MAE loss that TTT minimises does not reach the dense head, so the"
            + " run would equal --strategy fixed; adapt the encoder (the default), norms, lastN"
            + " or encoder+decoder");
      }
      Map<String, Object> configs = new LinkedHashMap<>();
      configs.put("memory", memory);
      configs.put("ttt", ttt);
      configs.put("shuffle", shuffle);
      configs.put("model", model.toString());
      // the folder is locked first: a second job on the same --out is refused and writes nothing
      try (FolderLock lock = FolderLock.acquire(out); StopOnSignal stop = StopOnSignal.install()) {
        int code = runAll(net, memory, ttt, configs, list, command, results, meter, stop);
        if (code != 0) {
          return code;
        }
      }
      meter.print("end");
    }
    String table = VideoTable.markdown(results);
    AtomicFiles.writeString(out.resolve("summary.md"), table);
    PrintWriter o = spec.commandLine().getOut();
    o.print(table);
    o.flush();            // print() alone is not flushed: the table was lost at exit
    return 0;
  }

  /**
   * Refuses a video whose label maps hold a class the model does not predict, as a usage error
   * (the model and the videos do not go together), before any video runs.
   */
  private static void requireClasses(VideoFolder v, int classes) {
    try {
      VideoRun.requireClasses(v, classes);
    } catch (VideoRun.LabelNotPredicted e) {
      throw new ModelOption.Refused(e.getMessage());
    }
  }

  /** Every video that did not finish before, in order; 130 when Ctrl-C stopped one. */
  private int runAll(YShapedVit net, Memory memory, TttConfig ttt, Map<String, Object> configs,
      List<VideoFolder> list, List<String> command, List<VideoRun.Result> results,
      MemoryMeter meter, StopOnSignal stop) {
    PrintWriter err = spec.commandLine().getErr();
    // a video finished before with these settings is kept (a stopped run continues where it
    // stopped); one made with other settings is never overwritten
    Map<VideoFolder, VideoRun.Result> kept = new LinkedHashMap<>();
    for (VideoFolder v : list) {
      finishedBefore(v, runDir(v), configs).ifPresent(r -> kept.put(v, r));
    }
    long frames = list.stream().mapToLong(VideoFolder::size).sum();
    err.println(settingsLine(memory, ttt, list.size(), frames, kept.size()));
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
      Map<String, String> data = new java.util.LinkedHashMap<>();  // Map.of's order varies per JVM
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
            net.config().numClasses(), runDir(v), manifest, savePredictions, stop::requested,
            p -> {
              done[0] = p.framesDone();
              bar.field("mIoU", Double.isNaN(p.miou()) ? "-"
                  : String.format(Locale.ROOT, "%.1f%%", 100 * p.miou()));
              bar.advance(1);
              meter.frame(p.framesDone());
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
        bar.message(resultLine(memory, name, r.get()));
      }
    }
    bar.finish();
    return 0;
  }

  private static String resultLine(Memory memory, String name, VideoRun.Result r) {
    if (Double.isNaN(r.miou())) {
      return String.format(Locale.ROOT, "%s %s: no labels, predictions written, %.4f s/frame",
          memory.id(), name, r.secondsPerFrame());
    }
    return String.format(Locale.ROOT, "%s %s: mIoU %.2f %%, pixel acc %.2f %%, %.4f s/frame",
        memory.id(), name, 100 * r.miou(), 100 * r.pixelAccuracy(), r.secondsPerFrame());
  }

  /** What runs, on what, into where: one line before the bar, as `ttt4j eval` prints. */
  private String settingsLine(Memory memory, TttConfig ttt, int videoCount, long frames,
      int keptCount) {
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
   * Lines worth reading before a long run: options the strategy does not use, a window longer
   * than a video, label files that belong to no frame, videos without labels.
   */
  private List<String> notes(Memory memory, List<VideoFolder> list) {
    List<String> notes = new ArrayList<>();
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    if (given.hasMatchedOption("--k") && !(memory instanceof Memory.Window)) {
      notes.add("note: --k is the window of --strategy window; " + strategy + " does not use it");
    }
    if (given.hasMatchedOption("--steps") && memory.steps() == 0) {
      notes.add("note: --steps is for no-memory, online and window; " + strategy
          + " does not use it" + (memory instanceof Memory.Offline ? " (it takes --epochs)" : ""));
    }
    if (given.hasMatchedOption("--epochs") && !(memory instanceof Memory.Offline)) {
      notes.add("note: --epochs is for --strategy offline; " + strategy + " does not use it");
    }
    for (VideoFolder v : list) {
      String name = v.dir().getFileName().toString();
      if (memory instanceof Memory.Window w && w.k() > v.size()) {
        notes.add("note: the window k = " + w.k() + " is longer than " + name + " (" + v.size()
            + " frames): each step there draws from every frame so far");
      }
      List<String> extra = v.labelsWithoutFrame();
      if (!extra.isEmpty()) {
        notes.add("warning: " + name + ": " + extra.size() + " label map(s) in labels/ belong to no"
            + " frame and are not read (" + String.join(", ", extra.subList(0,
            Math.min(3, extra.size()))) + (extra.size() > 3 ? ", ..." : "") + "); check that"
            + " frames and labels have the same names");
      }
      if (!v.hasLabels()) {
        notes.add("note: " + name + " has no labels/: its frames are adapted on and segmented,"
            + " not scored; the masks go to " + runDir(v).resolve("predicted"));
      }
    }
    return notes;
  }

  private Path runDir(VideoFolder v) {
    return out.resolve(v.dir().getFileName().toString());
  }

  private static Path shippedModel() {
    Path p = Path.of(System.getProperty("ttt4j.root", ".")).resolve(DEFAULT_MODEL);
    if (!java.nio.file.Files.isRegularFile(p)) {
      throw new IllegalArgumentException("the shipped segmentation model " + p + " is missing;"
          + " run from a full checkout of ttt4j, or pass --model");
    }
    return p;
  }

  /**
   * The result of a video run in {@code dir} that finished with {@code configs}; empty when
   * there is none (or it stopped before finishing, or lacks the predicted masks now asked for: it
   * runs again). A finished run with other settings, or of a video with another frame count, is
   * refused, so that nothing measured is overwritten.
   */
  private Optional<VideoRun.Result> finishedBefore(VideoFolder v, Path dir,
      Map<String, Object> configs) {
    Optional<RunManifest> made = JsonFiles.read(dir.resolve("manifest.json"), RunManifest.class);
    Optional<VideoRun.Result> result = JsonFiles.read(dir.resolve("summary.json"),
        VideoRun.Result.class);
    if (made.isEmpty() || made.get().finished() == null || result.isEmpty()) {
      return Optional.empty();
    }
    List<String> differ = differences(made.get().configs(), configs);
    if (!differ.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), dir + " holds a finished run"
          + " made with other settings (" + String.join("; ", differ) + "); choose another"
          + " --out, or delete it to run it again");
    }
    String madeOn = made.get().data() == null ? null : made.get().data().get("video");
    if (madeOn != null && java.nio.file.Files.isDirectory(Path.of(madeOn))
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
    if ((savePredictions || !v.hasLabels())
        && !java.nio.file.Files.isDirectory(dir.resolve("predicted"))) {
      return Optional.empty();         // the same settings again, now with the masks
    }
    return result;
  }

  /**
   * "key: A there, B now" for every setting where a run's recorded {@code configs} differ from
   * {@code now}'s; both go through the same JSON round trip, so that numbers print alike, and the
   * model counts as the same file however its path was written.
   */
  static List<String> differences(Map<String, Object> there, Map<String, Object> now) {
    return differences(there, now, "there", "now");
  }

  /** The same, naming the two sides (e.g. "at k = 1", "at k = 4"). */
  static List<String> differences(Map<String, Object> a, Map<String, Object> b, String aName,
      String bName) {
    List<String> out = new ArrayList<>();
    differences("", canonical(a), canonical(b), aName, bName, out);
    return out;
  }

  private static Map<?, ?> canonical(Map<String, Object> configs) {
    Map<String, Object> c = new LinkedHashMap<>(JsonFiles.fromJson(
        JsonFiles.toCompactJson(configs), Map.class));
    if (c.get("model") instanceof String m) {
      c.put("model", Path.of(m).toAbsolutePath().normalize().toString());
    }
    return c;
  }

  private static void differences(String path, Object there, Object now, String thereName,
      String nowName, List<String> out) {
    if (there instanceof Map<?, ?> a && now instanceof Map<?, ?> b) {
      java.util.Set<Object> keys = new java.util.LinkedHashSet<>(a.keySet());
      keys.addAll(b.keySet());
      for (Object key : keys) {
        differences(path.isEmpty() ? String.valueOf(key) : path + "." + key, a.get(key),
            b.get(key), thereName, nowName, out);
      }
    } else if (!java.util.Objects.equals(there, now)) {
      out.add(path + ": " + JsonFiles.toCompactJson(there) + " " + thereName + ", "
          + JsonFiles.toCompactJson(now) + " " + nowName);
    }
  }

  private Memory memory() {
    return switch (strategy) {
      case "fixed" -> new Memory.Fixed();
      case "no-memory" -> new Memory.NoMemory(steps);
      case "online" -> new Memory.Online(steps);
      case "window" -> new Memory.Window(k, steps);
      case "offline" -> new Memory.Offline(epochs);
      default -> throw new IllegalArgumentException("unknown strategy '" + strategy
          + "'; valid: fixed, no-memory, online, window, offline");
    };
  }

  /** RSS (from /proc/self/status) and heap, every N frames, as lines for {@code sink}. */
  private static final class MemoryMeter {
    private Consumer<String> sink;
    private final int every;
    private long frames;

    MemoryMeter(Consumer<String> sink, int every) {
      this.sink = sink;
      this.every = every;
      if (every > 0) {
        print("start");
      }
    }

    /** Later lines go to {@code next} (the progress bar, once it is drawn). */
    void printTo(Consumer<String> next) {
      sink = next;
    }

    void frame(int doneInVideo) {
      frames++;
      if (every > 0 && frames % every == 0) {
        print("frame " + frames);
      }
    }

    void print(String when) {
      if (every <= 0) {
        return;
      }
      sink.accept(String.format(Locale.ROOT, "memory %s: rss %.0f MiB, heap used %.0f MiB", when,
          StepBenchmark.rssMiB(), MemoryBenchmark.heapMiB()));
    }
  }
}
