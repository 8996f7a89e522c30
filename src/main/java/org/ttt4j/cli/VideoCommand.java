package org.ttt4j.cli;

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
    description = "TTT on video streams: fixed, no-memory, online, window or offline; mIoU per video.",
    subcommands = {VideoMakeCommand.class, VideoFiguresCommand.class})
final class VideoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = false, description = "Segmentation checkpoint or run"
      + " folder (`ttt4j train seg`; the shipped one is models/fmnist-video).")
  Path model;
  @Option(names = "--videos", description = "A labelled video folder, or a folder of them.")
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
  @Option(names = "--lr", defaultValue = "0.01",
      description = "SGD learning rate (default: ${DEFAULT-VALUE}).")
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
  @Option(names = "--save-predictions", description = "Also write predicted label PNGs.")
  boolean savePredictions;
  @Option(names = "--print-memory-every", defaultValue = "0",
      description = "Print RSS and heap every N frames (0: never; default: ${DEFAULT-VALUE}).")
  int memoryEvery;
  @Option(names = "--seed", defaultValue = "0", description = "Seed of the views, masks and"
      + " --shuffle order (default: ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--out", description = "Folder for the run folders and summary.md.") Path out;

  @Override
  public Integer call() throws IOException {
    if (model == null || videos == null || out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--model, --videos and --out are required (or use `video make`)");
    }
    model = ModelOption.resolve(model.toString());     // a run folder names its model.safetensors
    Memory memory = memory();
    List<VideoFolder> list = VideoFolder.list(videos);
    List<String> command = OptionValues.commandLine(spec);
    List<VideoRun.Result> results = new ArrayList<>();
    // "start" is measured before the engine and the model load
    PrintWriter err = spec.commandLine().getErr();
    MemoryMeter meter = new MemoryMeter(line -> {
      err.println(line);
      err.flush();
    }, memoryEvery);
    try (NDManager m = NDManager.newBaseManager(); YShapedVit net = Checkpoint.load(model, m)) {
      if (net.config().head() != HeadType.DENSE) {
        throw new IllegalArgumentException(model + " has a " + net.config().head() + " head, not"
            + " a dense one; train a segmentation model with `ttt4j train seg`");
      }
      TttConfig ttt = OptionValues.check(spec, () -> new TttConfig(ParamGroup.parse(params,
          net.config().depth()), OptimizerConfig.sgd(lr, momentum, 0), maskRatio, batch, cropMin,
          0, seed));
      Map<String, Object> configs = new LinkedHashMap<>();
      configs.put("memory", memory);
      configs.put("ttt", ttt);
      configs.put("shuffle", shuffle);
      configs.put("model", model.toString());
      // offline TTT adapts on every frame (epochs passes) before its first prediction: its bar
      // counts those steps too, so it moves during the silent part, as eval's does
      int passes = memory instanceof Memory.Offline off ? off.epochs() : 0;
      ProgressBar bar = ProgressBar.onStderr("video " + memory.id(),
          list.stream().mapToLong(v -> (long) v.size() * (1 + passes)).sum(),
          passes > 0 ? "steps+frames" : "frames");
      meter.printTo(bar::message);
      // a video finished before with these settings is kept (a stopped run continues where it
      // stopped); one made with other settings is never overwritten
      Map<VideoFolder, VideoRun.Result> kept = new LinkedHashMap<>();
      for (VideoFolder v : list) {
        finishedBefore(out.resolve(v.dir().getFileName().toString()), configs)
            .ifPresent(r -> kept.put(v, r));
      }
      for (VideoFolder v : list) {
        Path dir = out.resolve(v.dir().getFileName().toString());
        if (kept.containsKey(v)) {
          results.add(kept.get(v));
          bar.advance((long) v.size() * (1 + passes));
          bar.message(v.dir().getFileName() + ": finished before with these settings, kept");
          continue;
        }
        RunManifest manifest = RunManifest.start(command, configs, seed,
            Map.of("video", v.dir().toString(), "model", model.toString()));
        bar.field("video", (results.size() + 1) + "/" + list.size());
        try (Adapter adapter = new Adapter(net, ttt)) {
          if (passes > 0) {
            adapter.observeSteps(sources -> bar.advance(1));
          }
          VideoRun.Result r = VideoRun.run(new VideoTtt(adapter), memory, v, shuffle, seed,
              net.config().numClasses(), dir, manifest, savePredictions, done -> {
                bar.advance(1);
                meter.frame(done);
              });
          results.add(r);
          bar.message(String.format(Locale.ROOT,
              "%s %s: mIoU %.2f %%, pixel acc %.2f %%, %.4f s/frame", memory.id(),
              v.dir().getFileName(), 100 * r.miou(), 100 * r.pixelAccuracy(), r.secondsPerFrame()));
        }
      }
      bar.finish();
      meter.print("end");
    }
    AtomicFiles.writeString(out.resolve("summary.md"), VideoTable.markdown(results));
    spec.commandLine().getOut().print(VideoTable.markdown(results));
    return 0;
  }

  /**
   * The result of a video run in {@code dir} that finished with {@code configs}; empty when
   * there is none (or it stopped before finishing: it runs again). A finished run with other
   * settings is refused, so that nothing measured is overwritten.
   */
  private Optional<VideoRun.Result> finishedBefore(Path dir, Map<String, Object> configs) {
    Optional<RunManifest> made = JsonFiles.read(dir.resolve("manifest.json"), RunManifest.class);
    Optional<VideoRun.Result> result = JsonFiles.read(dir.resolve("summary.json"),
        VideoRun.Result.class);
    if (made.isEmpty() || made.get().finished() == null || result.isEmpty()) {
      return Optional.empty();
    }
    // both sides through the same JSON round trip, so that numbers print alike
    String wanted = JsonFiles.toCompactJson(JsonFiles.fromJson(JsonFiles.toCompactJson(configs),
        Map.class));
    if (!JsonFiles.toCompactJson(made.get().configs()).equals(wanted)) {
      throw new CommandLine.ParameterException(spec.commandLine(), dir + " holds a finished run"
          + " made with other settings; choose another --out, or delete it to run it again");
    }
    return result;
  }

  private Memory memory() {
    return switch (strategy) {
      case "fixed" -> new Memory.Fixed();
      case "no-memory" -> new Memory.NoMemory(steps);
      case "online" -> new Memory.Online(steps);
      case "window" -> new Memory.Window(k, steps);
      case "offline" -> new Memory.Offline(epochs);
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown strategy '"
          + strategy + "'; valid: fixed, no-memory, online, window, offline");
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
