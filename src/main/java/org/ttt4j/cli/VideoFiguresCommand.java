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
      List<Double> ks = new ArrayList<>();
      List<Double> means = new ArrayList<>();
      List<Double> errors = new ArrayList<>();
      for (var e : byK.entrySet()) {
        double[] miou = summaries(e.getValue()).stream().mapToDouble(r -> 100 * r.miou()).toArray();
        String[] ci = VideoTable.meanCi(miou).split(" ± ");
        ks.add((double) e.getKey());
        means.add(Double.parseDouble(ci[0]));
        errors.add(ci.length > 1 ? Double.parseDouble(ci[1]) : 0);
      }
      VideoCharts.lines(kPlot, "window TTT: mIoU against window size k (mean, 95% CI over videos)",
          "window size k", "mIoU (%)",
          List.of(new VideoCharts.Line("window k", ks, means, errors)), true);
      System.err.println("wrote " + kPlot);
    }
    if (stripWanted) {
      VideoFolder v = VideoFolder.open(video);
      List<String> names = new ArrayList<>(List.of("frame", "truth"));
      List<List<Image>> rows = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
      List<Boolean> labels = new ArrayList<>(List.of(false, true));
      for (String n : stripRuns.keySet()) {
        names.add(n);
        rows.add(new ArrayList<>());
        labels.add(true);
      }
      for (int i = 0; i < stripFrames; i++) {
        int t = (int) ((long) i * (v.size() - 1) / Math.max(1, stripFrames - 1));
        rows.get(0).add(v.frame(t).image());
        rows.get(1).add(v.frame(t).labels());
        int r = 2;
        for (Path run : stripRuns.values()) {
          rows.get(r++).add(ImageFiles.readLabelMap(
              run.resolve("predicted").resolve(v.frameFile(t).getFileName())));
        }
      }
      VideoCharts.strip(strip, names, rows, labels, 4);
      System.err.println("wrote " + strip);
    }
    return 0;
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
