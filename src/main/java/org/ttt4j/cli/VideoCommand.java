package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.eval.video.VideoRun;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.FolderLock;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.ttt.TttConfig;
import org.ttt4j.ttt.video.Memory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ttt4j video}: TTT on video streams (seed 001) with a segmentation model, one run folder
 * per video, and a table of mIoU / pixel accuracy / seconds per frame over the videos; {@code
 * video make} generates labelled videos. What is checked before any video runs is
 * {@link VideoChecks}; the runs, and the reuse of those that finished before, are
 * {@link VideoRuns}; the table is {@link VideoTable}.
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
    // every input is checked before the settings line, and before --out or its lock exists: a
    // refused command leaves nothing behind
    if (videos == null || out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--videos and --out are required (or use `video make`)");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out
          + " is a file, not a folder; give a new folder path");
    }
    if (memoryEvery < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--print-memory-every must be"
          + " 0 (never) or more, got " + memoryEvery);
    }
    Memory memory = OptionValues.check(spec, this::memory);
    VideoChecks.requireOptionsThatApply(spec, strategy, memory);
    model = model != null ? ModelOption.resolve(model.toString())  // a run folder names its model
        : shippedModel();
    List<VideoFolder> list = VideoFolder.listForTtt(videos);
    List<String> command = OptionValues.commandLine(spec);
    List<VideoRun.Result> results = new ArrayList<>();
    PrintWriter err = spec.commandLine().getErr();
    // "start" is measured before the engine and the model load
    MemoryMeter meter = new MemoryMeter(line -> {
      err.println(line);
      err.flush();
    }, memoryEvery);
    try (NDManager m = NDManager.newBaseManager(); YShapedVit net = Checkpoint.load(model, m)) {
      VideoChecks.requireSegments(net, model, list);
      TttConfig ttt = OptionValues.check(spec, () -> new TttConfig(ParamGroup.parse(params,
          net.config().depth()), OptimizerConfig.sgd(lr, momentum, 0), maskRatio, batch, cropMin,
          0, seed));
      VideoChecks.requireAdapting(spec, ttt, memory);
      VideoChecks.ignoredByFixed(spec, memory).ifPresent(err::println);
      VideoChecks.notes(memory, list, out).forEach(err::println);
      err.flush();
      VideoRuns runs = new VideoRuns(spec, out, model, memory, ttt, seed, shuffle,
          savePredictions);
      // the folder is locked first: a second job on the same --out is refused and writes nothing
      try (FolderLock lock = FolderLock.acquire(out); StopOnSignal stop = StopOnSignal.install()) {
        int code = runs.runAll(net, list, command, results, meter, stop);
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

  private static Path shippedModel() {
    Path p = Path.of(System.getProperty("ttt4j.root", ".")).resolve(DEFAULT_MODEL);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("the shipped segmentation model " + p + " is missing;"
          + " run from a full checkout of ttt4j, or pass --model");
    }
    return p;
  }

  /**
   * "key: A there, B now" for every setting where a run's recorded {@code configs} differ from
   * {@code now}'s; both go through the same JSON round trip ({@link JsonFiles#asJsonValue}), so
   * that numbers compare by value and a whole one prints as an integer ({@code memory.k: 30
   * there, 16 now}, also from a manifest that holds 30.0), and the model counts as the same file
   * however its path was written.
   */
  static List<String> differences(Map<String, Object> there, Map<String, Object> now) {
    return differences(there, now, "there", "now");
  }

  /** The same, naming the two sides (e.g. "at k = 1", "at k = 4"). */
  static List<String> differences(Map<String, Object> a, Map<String, Object> b, String aName,
      String bName) {
    return JsonFiles.differences("", canonical(a), canonical(b), aName, bName);
  }

  private static Map<?, ?> canonical(Map<String, Object> configs) {
    Map<Object, Object> c = new LinkedHashMap<>((Map<?, ?>) JsonFiles.asJsonValue(configs));
    if (c.get("model") instanceof String m) {
      c.put("model", Path.of(m).toAbsolutePath().normalize().toString());
    }
    return c;
  }
}
