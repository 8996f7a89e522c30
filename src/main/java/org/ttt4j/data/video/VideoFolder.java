package org.ttt4j.data.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.FrameFolder;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.data.MalformedDataException;
import org.ttt4j.provenance.JsonFiles;

/**
 * A labelled video on disk in the frame-folder layout: {@code frames/} (PNG frames, natural name
 * order), {@code labels/} (one label PNG per frame, same base name, value = class) and an optional
 * {@code video.json} (how it was made, class names). Real datasets in this layout (e.g. KITTI-STEP
 * frames with their semantic maps saved as grey PNGs) open the same way.
 */
public final class VideoFolder {

  /** Class names of the generated videos: background, then the 10 Fashion-MNIST classes. */
  public static final List<String> CLASS_NAMES = generatedClassNames();

  /** What {@code video.json} holds. */
  public record Manifest(VideoSpec spec, String garmentSource, int[] garmentClasses,
      List<String> classNames, double[] severity, Map<String, String> provenance) {}

  private final Path dir;
  private final FrameFolder frames;

  private VideoFolder(Path dir, FrameFolder frames) {
    this.dir = dir;
    this.frames = frames;
  }

  /** Writes every frame, label map and the manifest of {@code video} under {@code dir}. */
  public static void write(Path dir, MovingGarments video, String garmentSource,
      Map<String, String> provenance) {
    int n = video.spec().frames();
    int digits = Math.max(5, Integer.toString(n - 1).length());
    double[] severity = new double[n];
    for (int t = 0; t < n; t++) {
      MovingGarments.Frame f = video.frame(t);
      String name = String.format("%0" + digits + "d.png", t);
      ImageFiles.writePng(dir.resolve("frames").resolve(name), f.image());
      ImageFiles.writePng(dir.resolve("labels").resolve(name), f.labels());
      severity[t] = Math.round(video.severity(t) * 1e4) / 1e4;
    }
    JsonFiles.write(dir.resolve("video.json"), new Manifest(video.spec(), garmentSource,
        video.garmentClasses(), CLASS_NAMES, severity, new LinkedHashMap<>(provenance)));
  }

  /** The video in {@code dir} ({@code frames/} and {@code labels/} below it). */
  public static VideoFolder open(Path dir) {
    Path frameDir = dir.resolve("frames");
    Path labelDir = dir.resolve("labels");
    if (!Files.isDirectory(frameDir) || !Files.isDirectory(labelDir)) {
      throw new MalformedDataException(dir, "is not a labelled video folder (needs frames/ and"
          + " labels/)", "make one with `ttt4j video make`, or pass --frames and --labels");
    }
    List<String> names = manifest(dir).map(Manifest::classNames).orElse(List.of());
    return new VideoFolder(dir, FrameFolder.open(frameDir, Optional.of(labelDir), names));
  }

  /**
   * The videos under {@code root}: {@code root} itself when it holds {@code frames/}, else every
   * sub-folder that does, in natural name order.
   */
  public static List<VideoFolder> list(Path root) {
    if (Files.isDirectory(root.resolve("frames"))) {
      return List.of(open(root));
    }
    List<Path> dirs = new ArrayList<>();
    try (var s = Files.list(root)) {
      s.filter(d -> Files.isDirectory(d.resolve("frames"))).forEach(dirs::add);
    } catch (java.io.IOException e) {
      throw new MalformedDataException(root, "cannot list the folder (" + e.getMessage() + ")",
          "check the path");
    }
    if (dirs.isEmpty()) {
      throw new MalformedDataException(root, "holds no video (no frames/ in it or below it)",
          "make videos with `ttt4j video make --out " + root + "`");
    }
    dirs.sort(java.util.Comparator.comparing(d -> d.getFileName().toString(),
        FrameFolder.NATURAL_ORDER));
    return dirs.stream().map(VideoFolder::open).toList();
  }

  /** A video whose frames and label maps live in any two folders (real datasets). */
  public static VideoFolder open(Path frameDir, Path labelDir) {
    return new VideoFolder(frameDir, FrameFolder.open(frameDir, Optional.of(labelDir), List.of()));
  }

  /** The manifest of a generated video, if there is one. */
  public static Optional<Manifest> manifest(Path dir) {
    return JsonFiles.read(dir.resolve("video.json"), Manifest.class);
  }

  public int size() {
    return frames.size();
  }

  /** Frame {@code t} with its label map. */
  public MovingGarments.Frame frame(int t) {
    return new MovingGarments.Frame(frames.get(t).image(), frames.labelMap(t));
  }

  /** All frames, in order (small videos: 300 frames of 48x48 are 1.4 MB). */
  public List<MovingGarments.Frame> readAll() {
    List<MovingGarments.Frame> all = new ArrayList<>(size());
    for (int t = 0; t < size(); t++) {
      all.add(frame(t));
    }
    return all;
  }

  /** The file of frame {@code t}. */
  public Path frameFile(int t) {
    return frames.file(t);
  }

  public Path dir() {
    return dir;
  }

  public List<String> classNames() {
    return frames.classNames();
  }

  private static List<String> generatedClassNames() {
    List<String> names = new ArrayList<>();
    names.add("background");
    names.addAll(FashionMnist.CLASS_NAMES);
    return List.copyOf(names);
  }
}
