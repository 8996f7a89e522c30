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
 * A video on disk in the frame-folder layout: {@code frames/} (PNG frames, natural name order),
 * {@code labels/} (one label PNG per frame, same base name, value = class; {@link #IGNORE} marks
 * pixels without a label) and an optional {@code video.json} (how it was made, class names). Real
 * datasets in this layout (e.g. KITTI-STEP frames with their semantic maps saved as grey PNGs) open
 * the same way. For TTT alone (no scores) a video needs no labels: {@link #listForTtt} also takes
 * {@code frames/} without {@code labels/}, and a folder of loose frames.
 */
public final class VideoFolder {

  /** Class names of the generated videos: background, then the 10 Fashion-MNIST classes. */
  public static final List<String> CLASS_NAMES = generatedClassNames();

  /**
   * The label value of a pixel that has no class (void, as 255 in Cityscapes and KITTI-STEP): it
   * counts in no score.
   */
  public static final int IGNORE = 255;

  /** What {@code video.json} holds. */
  public record Manifest(VideoSpec spec, String garmentSource, int[] garmentClasses,
      List<String> classNames, double[] severity, Map<String, String> provenance) {}

  private final Path dir;
  private final FrameFolder frames;
  private final List<String> labelsWithoutFrame;

  private VideoFolder(Path dir, FrameFolder frames, Optional<Path> labelDir) {
    this.dir = dir;
    this.frames = frames;
    this.labelsWithoutFrame = labelDir.map(l -> labelsWithoutFrame(frames, l)).orElse(List.of());
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

  /** The labelled video in {@code dir} ({@code frames/} and {@code labels/} below it). */
  public static VideoFolder open(Path dir) {
    Path frameDir = dir.resolve("frames");
    Path labelDir = dir.resolve("labels");
    if (!Files.isDirectory(frameDir) || !Files.isDirectory(labelDir)) {
      throw new MalformedDataException(dir, "is not a labelled video folder (needs frames/ and"
          + " labels/)", "make one with `ttt4j video make`, or lay the video out as DIR/frames/"
          + "*.png with a label PNG of the same name for each frame in DIR/labels/");
    }
    return open(dir, frameDir, Optional.of(labelDir));
  }

  /**
   * The video in {@code dir} for TTT, scored or not: {@code frames/} with {@code labels/} (as
   * {@link #open(Path)}), {@code frames/} alone, or {@code dir} itself holding the frames (with
   * their label maps in {@code dir/labels/}, if there is one).
   */
  public static VideoFolder openForTtt(Path dir) {
    Path frameDir = Files.isDirectory(dir.resolve("frames")) ? dir.resolve("frames") : dir;
    Path labelDir = dir.resolve("labels");
    return open(dir, frameDir, Files.isDirectory(labelDir) ? Optional.of(labelDir)
        : Optional.empty());
  }

  private static VideoFolder open(Path dir, Path frameDir, Optional<Path> labelDir) {
    List<String> names = manifest(dir).map(Manifest::classNames).orElse(List.of());
    return new VideoFolder(dir, FrameFolder.open(frameDir, labelDir, names), labelDir);
  }

  /**
   * The labelled videos under {@code root}: {@code root} itself when it holds {@code frames/},
   * else every sub-folder that does, in natural name order.
   */
  public static List<VideoFolder> list(Path root) {
    return list(root, false);
  }

  /**
   * The videos under {@code root} for TTT, labelled or not: as {@link #list(Path)}, where a video
   * may lack {@code labels/}; a {@code root} that holds image files is one video of loose frames.
   */
  public static List<VideoFolder> listForTtt(Path root) {
    return list(root, true);
  }

  private static List<VideoFolder> list(Path root, boolean unlabelled) {
    if (!Files.isDirectory(root)) {
      throw new MalformedDataException(root, Files.exists(root) ? "is a file, not a folder"
          : "does not exist", "give the folder of a video (frames/, labels/) or of several");
    }
    if (Files.isDirectory(root.resolve("frames"))) {
      return List.of(unlabelled ? openForTtt(root) : open(root));
    }
    List<Path> dirs = new ArrayList<>();
    boolean looseFrames = false;
    try (var s = Files.list(root)) {
      for (Path d : s.toList()) {
        if (Files.isDirectory(d.resolve("frames"))) {
          dirs.add(d);
        }
        looseFrames |= !d.getFileName().toString().startsWith(".") && Files.isRegularFile(d)
            && ImageFiles.isImage(d);
      }
    } catch (java.io.IOException e) {
      throw new MalformedDataException(root, "cannot list the folder (" + e.getMessage() + ")",
          "check the path");
    }
    if (dirs.isEmpty() && looseFrames) {
      if (unlabelled) {
        return List.of(openForTtt(root));
      }
      throw new MalformedDataException(root, "holds loose frames, not a labelled video",
          "move them into " + root.resolve("frames") + " and put a label PNG of the same name"
          + " for each into " + root.resolve("labels"));
    }
    if (dirs.isEmpty()) {
      throw new MalformedDataException(root, "holds no video (no frames/ in it or below it"
          + (unlabelled ? ", no frames in it" : "") + ")",
          "make videos with `ttt4j video make --out " + root + "`");
    }
    dirs.sort(java.util.Comparator.comparing(d -> d.getFileName().toString(),
        FrameFolder.NATURAL_ORDER));
    return dirs.stream().map(unlabelled ? VideoFolder::openForTtt : VideoFolder::open).toList();
  }

  /** A video whose frames and label maps live in any two folders (real datasets). */
  public static VideoFolder open(Path frameDir, Path labelDir) {
    return new VideoFolder(frameDir, FrameFolder.open(frameDir, Optional.of(labelDir), List.of()),
        Optional.of(labelDir));
  }

  /** The label PNGs in {@code labelDir} that no frame has (sorted names). */
  private static List<String> labelsWithoutFrame(FrameFolder frames, Path labelDir) {
    java.util.Set<String> used = new java.util.HashSet<>();
    for (int t = 0; t < frames.size(); t++) {
      used.add(frames.labelFile(t).getFileName().toString());
    }
    try (var s = Files.list(labelDir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".png") && !n.startsWith(".") && !used.contains(n))
          .sorted(FrameFolder.NATURAL_ORDER).toList();
    } catch (java.io.IOException e) {
      throw new MalformedDataException(labelDir, "cannot list the folder (" + e.getMessage()
          + ")", "check the path");
    }
  }

  /** The manifest of a generated video, if there is one. */
  public static Optional<Manifest> manifest(Path dir) {
    return JsonFiles.read(dir.resolve("video.json"), Manifest.class);
  }

  public int size() {
    return frames.size();
  }

  /** Whether every frame has its label map (else the video can be adapted on, not scored). */
  public boolean hasLabels() {
    return frames.hasLabels();
  }

  /**
   * The label PNGs in {@code labels/} that belong to no frame (a frame missing, or named another
   * way): they are not read, and a caller may warn about them.
   */
  public List<String> labelsWithoutFrame() {
    return labelsWithoutFrame;
  }

  /** The frames as a dataset (each label -1): for checks of their size and channels. */
  public FrameFolder frames() {
    return frames;
  }

  /** Frame {@code t} with its label map (null when the video has no labels). */
  public MovingGarments.Frame frame(int t) {
    return new MovingGarments.Frame(frames.get(t).image(),
        frames.hasLabels() ? frames.labelMap(t) : null);
  }

  /** The file of the label map of frame {@code t}. */
  public Path labelFile(int t) {
    if (!frames.hasLabels()) {
      throw new IllegalStateException(dir + " has no label maps");
    }
    return frames.labelFile(t);
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
