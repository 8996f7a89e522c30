package org.ttt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Seeds;
import org.ttt4j.data.Split;
import org.ttt4j.data.video.MovingGarments;
import org.ttt4j.data.video.VideoFolder;
import org.ttt4j.data.video.VideoSpec;
import org.ttt4j.provenance.RunManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j video make}: writes moving-Fashion-MNIST videos as labelled frame folders. */
@Command(name = "make",
    description = "Generate moving-Fashion-MNIST videos (frames/, labels/, video.json per video).")
final class VideoMakeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, description = "Folder; video-000, video-001, ... go in it.")
  Path out;

  @Option(names = "--videos", defaultValue = "5",
      description = "Number of videos (default: ${DEFAULT-VALUE}).")
  int videos;
  @Option(names = "--frames", defaultValue = "300",
      description = "Frames per video (default: ${DEFAULT-VALUE}).")
  int frames;
  @Option(names = "--side", defaultValue = "32", description = "Frame side (default: ${DEFAULT-VALUE}).")
  int side;
  @Option(names = "--garments", defaultValue = "2-4", description = "Garments per video,"
      + " N or MIN-MAX (default: ${DEFAULT-VALUE}).")
  String garments;
  @Option(names = "--split", defaultValue = "test",
      description = "Fashion-MNIST split the garments come from: test (evaluation videos) or train"
          + " (default: ${DEFAULT-VALUE}).")
  String split;
  @Option(names = "--shift", defaultValue = "1.0",
      description = "Drift strength: 0 clean (training videos), 1 evaluation (default: ${DEFAULT-VALUE}).")
  double shift;
  @Option(names = "--seed", defaultValue = "0", description = "Root seed; each video's seed"
      + " derives from it and the video's number (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    requirePositive("--videos", videos);    // 0 would write nothing and still succeed
    requirePositive("--frames", frames);
    int[] range = parseRange(garments);
    // the video's own checks (side, shift, garments) before the garments load: a usage error
    OptionValues.check(spec, () -> new VideoSpec(side, frames, range[0], shift, seed));
    OptionValues.check(spec, () -> new VideoSpec(side, frames, range[1], shift, seed));
    Split garmentSplit = OptionValues.check(spec, () -> Split.parse(split));
    // a video folder there already is kept when it is this very video, else refused: writing over
    // it would leave the old video's extra frames beside the new ones, one mixed video
    boolean[] made = new boolean[videos];
    for (int v = 0; v < videos; v++) {
      made[v] = alreadyMade(out.resolve(name(v)), spec(v, range));
    }
    Dataset source = FashionMnist.load(garmentSplit);
    List<String> command = OptionValues.commandLine(spec);
    Map<String, String> provenance = new java.util.LinkedHashMap<>();  // one order in every file
    provenance.put("command", String.join(" ", command));
    provenance.put("git_commit", RunManifest.currentGitCommit());
    provenance.put("garment_split", split);
    for (int v = 0; v < videos; v++) {
      Path dir = out.resolve(name(v));
      if (made[v]) {
        err.println(dir + ": made before with these settings, kept");
        continue;
      }
      MovingGarments video = new MovingGarments(spec(v, range), source);
      int count = video.spec().garments();
      VideoFolder.write(dir, video, source.source(), provenance);
      err.println("wrote " + dir + " (" + frames + " frames, " + count + " garments, classes "
          + java.util.Arrays.toString(video.garmentClasses()) + ")");
    }
    return 0;
  }

  private static String name(int v) {
    return String.format("video-%03d", v);
  }

  /** Video {@code v}'s spec: its seed derives from --seed and v, its garment count from that. */
  private VideoSpec spec(int v, int[] range) {
    long videoSeed = Seeds.derive(seed, v);
    int count = range[0] + new SplittableRandom(videoSeed).nextInt(range[1] - range[0] + 1);
    return new VideoSpec(side, frames, count, shift, videoSeed);
  }

  /**
   * True when {@code dir} holds this video already (its video.json, written last, has the same
   * spec and garment split); false when there is nothing there; a usage error for anything else.
   */
  private boolean alreadyMade(Path dir, VideoSpec wanted) {
    if (!java.nio.file.Files.exists(dir)) {
      return false;
    }
    var manifest = VideoFolder.manifest(dir);
    if (manifest.isPresent() && wanted.equals(manifest.get().spec())
        && manifest.get().provenance() != null
        && split.equals(manifest.get().provenance().get("garment_split"))) {
      return true;
    }
    try (var entries = java.nio.file.Files.list(dir)) {
      if (entries.findAny().isEmpty()) {
        return false;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    throw new CommandLine.ParameterException(spec.commandLine(), dir + " already holds "
        + (manifest.isPresent() ? "a video made with other settings" : "files (a video stopped"
        + " while it was written, or something else)") + "; choose another --out, or delete it"
        + " to make it again");
  }

  private void requirePositive(String option, int value) {
    if (value < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + value
          + " makes nothing; give 1 or more");
    }
  }

  private int[] parseRange(String text) {
    try {
      String[] parts = text.split("-");
      int lo = Integer.parseInt(parts[0].trim());
      int hi = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : lo;
      if (parts.length > 2 || lo < 1 || hi < lo) {
        throw new NumberFormatException();
      }
      return new int[] {lo, hi};
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--garments " + text
          + " is not N or MIN-MAX with 1 <= MIN <= MAX (e.g. 3 or 2-4)");
    }
  }
}
