package org.ttt4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.eval.video.VideoRun;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.report.VideoCharts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ttt4j video figures}: the k-ablation plot (mIoU against window size, mean and 95 % CI
 * over videos) from run folders of `ttt4j video`, and a strip of frames, true and predicted masks
 * of one video (from runs made with --save-predictions).
 */
@Command(name = "figures",
    description = "Plot mIoU against window size k, and draw a strip of predicted masks.")
final class VideoFiguresCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--k-runs", split = ",", description = "k=RUN_FOLDER pairs for the k plot.")
  List<String> kRuns;
  @Option(names = "--k-plot", description = "Where to write the k plot PNG.") Path kPlot;

  @Option(names = "--video", description = "The video of the strip.") Path video;
  @Option(names = "--strip-runs", split = ",", description = "NAME=RUN_VIDEO_FOLDER pairs (rows).")
  Map<String, Path> stripRuns;
  @Option(names = "--strip-frames", defaultValue = "8",
      description = "Frames in the strip, evenly spaced (default: ${DEFAULT-VALUE}).")
  int stripFrames;
  @Option(names = "--strip", description = "Where to write the strip PNG.") Path strip;

  @Override
  public Integer call() throws Exception {
    boolean kWanted = kRuns != null || kPlot != null;
    boolean stripWanted = video != null || stripRuns != null || strip != null;
    if (!kWanted && !stripWanted) {
      throw usage("nothing to draw: give --k-runs and --k-plot for the k plot, and/or --video,"
          + " --strip-runs and --strip for a strip of masks");
    }
    if (kWanted && (kRuns == null || kPlot == null)) {
      throw usage("the k plot needs both --k-runs k=RUN,... and --k-plot PNG");
    }
    if (stripWanted && (video == null || stripRuns == null || strip == null)) {
      throw usage("a strip needs --video, --strip-runs NAME=RUN_VIDEO_FOLDER,... and --strip PNG");
    }
    if (stripFrames < 1) {
      throw usage("--strip-frames must be at least 1, got " + stripFrames);
    }
    java.util.TreeMap<Integer, Path> byK = kWanted ? parseKRuns() : new java.util.TreeMap<>();
    if (stripWanted) {
      checkStripRuns();
    }
    if (kWanted) {
      java.util.Map<Integer, List<VideoRun.Result>> runs = checkKRuns(byK);
      List<Double> ks = new ArrayList<>();
      List<Double> means = new ArrayList<>();
      List<Double> errors = new ArrayList<>();
      for (var e : byK.entrySet()) {
        double[] miou = runs.get(e.getKey()).stream().mapToDouble(r -> 100 * r.miou()).toArray();
        String[] ci = VideoTable.meanCi(miou).split(" ± ");
        ks.add((double) e.getKey());
        means.add(Double.parseDouble(ci[0]));
        errors.add(ci.length > 1 ? Double.parseDouble(ci[1]) : 0);
      }
      int n = runs.values().iterator().next().size();
      VideoCharts.lines(kPlot, "window TTT: mIoU against window size k (mean, 95% CI over " + n
          + " video" + (n == 1 ? ")" : "s)"), "window size k", "mIoU (%)",
          List.of(new VideoCharts.Line("window k", ks, means, errors)), true, 0, 100);
      System.err.println("wrote " + kPlot);
    }
    if (stripWanted) {
      VideoFolder v = VideoFolder.openForTtt(video);
      boolean truth = v.hasLabels();      // a video without labels: frames and predictions only
      List<String> names = new ArrayList<>(List.of("frame"));
      List<List<Image>> rows = new ArrayList<>(List.of(new ArrayList<>()));
      List<Boolean> labels = new ArrayList<>(List.of(false));
      if (truth) {
        names.add("truth");
        rows.add(new ArrayList<>());
        labels.add(true);
      }
      for (String n : stripRuns.keySet()) {
        names.add(n);
        rows.add(new ArrayList<>());
        labels.add(true);
      }
      int columns = Math.min(stripFrames, v.size());     // never the same frame twice
      List<String> columnNames = new ArrayList<>();
      for (int i = 0; i < columns; i++) {
        int t = (int) ((long) i * (v.size() - 1) / Math.max(1, columns - 1));
        columnNames.add("frame " + t);
        rows.get(0).add(v.frame(t).image());
        int r = 1;
        if (truth) {
          rows.get(r++).add(v.frame(t).labels());
        }
        for (Path run : stripRuns.values()) {
          rows.get(r++).add(ImageFiles.readLabelMap(predicted(run, v.frameFile(t))));
        }
      }
      // the legend names the classes of video.json; a video without one shows class numbers
      VideoCharts.strip(strip, names, columnNames, rows, labels, v.classNames(), 4);
      System.err.println("wrote " + strip);
    }
    return 0;
  }

  /** The predicted mask of {@code frame} in a run video folder (PNG; older runs kept the name). */
  private static Path predicted(Path run, Path frame) {
    String n = frame.getFileName().toString();
    int dot = n.lastIndexOf('.');
    Path png = run.resolve("predicted").resolve((dot < 0 ? n : n.substring(0, dot)) + ".png");
    Path old = run.resolve("predicted").resolve(n);
    return java.nio.file.Files.isRegularFile(png) || !java.nio.file.Files.isRegularFile(old)
        ? png : old;
  }

  /**
   * The finished videos of every k run, refused unless each holds window runs of its k (k = 1
   * may be an online run, the same memory), all in the same frame order, all scored, and all
   * over the same videos: a mean over other videos, or of another strategy, is no point of the
   * plot.
   */
  private java.util.Map<Integer, List<VideoRun.Result>> checkKRuns(
      java.util.TreeMap<Integer, Path> byK) throws java.io.IOException {
    java.util.Map<Integer, List<VideoRun.Result>> runs = new java.util.LinkedHashMap<>();
    java.util.Set<String> videos = null;
    Integer first = null;
    Boolean shuffled = null;
    java.util.Map<String, Object> firstSettings = null;
    for (var e : byK.entrySet()) {
      int k = e.getKey();
      List<VideoRun.Result> results = summaries(e.getValue());
      java.util.Set<String> names = new java.util.TreeSet<>();
      for (VideoRun.Result r : results) {
        String name = Path.of(r.video()).getFileName().toString();
        if (!r.memory().equals("window-k" + k) && !(k == 1 && r.memory().equals("online"))) {
          throw usage("--k-runs " + k + "=" + e.getValue() + " holds " + (r.memory().matches("[aeiou].*") ? "an " : "a ") + r.memory() + " run ("
              + name + "), not one of window k = " + k + (k == 1 ? " or online" : "")
              + "; give the --out of `ttt4j video --strategy window --k " + k + "`");
        }
        if (Double.isNaN(r.miou())) {
          throw usage("--k-runs " + k + "=" + e.getValue() + ": " + name + " has no labels, so"
              + " no mIoU to plot");
        }
        if (shuffled != null && shuffled != r.shuffled()) {
          throw usage("--k-runs mixes runs with frames shuffled and in order (" + e.getValue()
              + "); plot one kind");
        }
        shuffled = r.shuffled();
        names.add(name);
      }
      java.util.Map<String, Object> settings = settings(e.getValue());
      if (firstSettings != null) {
        List<String> differ = VideoCommand.differences(firstSettings, settings,
            "at k = " + first, "at k = " + k);
        if (!differ.isEmpty()) {
          throw usage("--k-runs: " + e.getValue() + " (k = " + k + ") was made with other"
              + " settings than " + byK.get(first) + " (k = " + first + "): "
              + String.join("; ", differ) + "; the points of one plot differ in k alone");
        }
      }
      firstSettings = settings;
      if (videos != null && !videos.equals(names)) {
        throw usage("--k-runs: " + e.getValue() + " (k = " + k + ") finished the videos " + names
            + ", but " + byK.get(first) + " (k = " + first + ") " + videos + "; every k needs"
            + " the same videos (run the same `ttt4j video` command again to finish a stopped"
            + " one)");
      }
      videos = names;
      first = first == null ? k : first;
      runs.put(k, results);
    }
    return runs;
  }

  /**
   * The settings of the video runs in {@code runFolder} other than the memory (model, TTT
   * options, order); a usage error when its videos were run with different ones.
   */
  private java.util.Map<String, Object> settings(Path runFolder) throws java.io.IOException {
    java.util.Map<String, Object> first = null;
    Path firstVideo = null;
    try (var s = Files.list(runFolder)) {
      for (Path d : s.sorted().toList()) {
        if (!Files.isRegularFile(d.resolve("summary.json"))) {
          continue;
        }
        var made = JsonFiles.read(d.resolve("manifest.json"),
            org.ttt4j.provenance.RunManifest.class);
        if (made.isEmpty() || made.get().configs() == null) {
          continue;
        }
        java.util.Map<String, Object> c = new java.util.LinkedHashMap<>(made.get().configs());
        c.remove("memory");
        if (first != null && !VideoCommand.differences(first, c).isEmpty()) {
          throw usage("--k-runs: " + firstVideo + " and " + d + " were run with different"
              + " settings (" + String.join("; ", VideoCommand.differences(first, c))
              + "); give the --out of one `ttt4j video` command per k");
        }
        if (first == null) {
          first = c;
          firstVideo = d;
        }
      }
    }
    return first == null ? java.util.Map.of() : first;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** {@code k=RUN} pairs, each k once, each folder there. */
  private java.util.TreeMap<Integer, Path> parseKRuns() {
    java.util.TreeMap<Integer, Path> byK = new java.util.TreeMap<>();
    for (String pair : kRuns) {
      int eq = pair.indexOf('=');
      Integer k = null;
      try {
        k = eq > 0 ? Integer.valueOf(pair.substring(0, eq).trim()) : null;
      } catch (NumberFormatException e) {
        k = null;
      }
      if (k == null || k < 1) {
        throw usage("--k-runs takes k=RUN_FOLDER pairs with k >= 1; got '" + pair + "'");
      }
      Path run = Path.of(pair.substring(eq + 1).trim());
      if (!Files.isDirectory(run)) {
        throw usage("--k-runs: " + run + " does not exist; give the --out folder of a"
            + " `ttt4j video` run");
      }
      if (byK.put(k, run) != null) {
        throw usage("--k-runs names k = " + k + " twice; give one run folder per k");
      }
    }
    return byK;
  }

  /** Each strip run was made on --video and kept its predicted masks. */
  private void checkStripRuns() {
    Path wanted = video.toAbsolutePath().normalize();
    stripRuns.forEach((name, run) -> {
      if (!Files.isDirectory(run.resolve("predicted"))) {
        throw usage("--strip-runs " + name + "=" + run + " has no predicted/ masks; make the run"
            + " with `ttt4j video ... --save-predictions` into a new --out");
      }
      JsonFiles.read(run.resolve("manifest.json"), org.ttt4j.provenance.RunManifest.class)
          .map(m -> m.data() == null ? null : m.data().get("video"))
          .filter(v -> !Path.of(v).toAbsolutePath().normalize().equals(wanted))
          .ifPresent(v -> {
            throw usage("--strip-runs " + name + "=" + run + " was made on " + v + ", not on --video "
                + video + "; give the run folder of that video");
          });
    });
  }

  private static List<VideoRun.Result> summaries(Path runFolder) throws java.io.IOException {
    List<VideoRun.Result> out = new ArrayList<>();
    try (var s = Files.list(runFolder)) {
      for (Path d : s.sorted().toList()) {
        JsonFiles.read(d.resolve("summary.json"), VideoRun.Result.class).ifPresent(out::add);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(runFolder + " holds no video run (no */summary.json);"
          + " pass the --out folder of a `ttt4j video` run");
    }
    return out;
  }
}
