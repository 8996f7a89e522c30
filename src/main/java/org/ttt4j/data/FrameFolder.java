package org.ttt4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A video as a folder of frames, in natural order of file name ({@code frame2.png} before {@code
 * frame10.png}), optionally with per-pixel label maps: a labels folder holding a PNG with the same
 * base name for every frame. Frames are decoded on {@code get}; their label is -1 (use {@link
 * #labelMap}). Opening checks that every frame has a label map and that all sizes agree.
 */
public final class FrameFolder implements Dataset {

  /** Orders names with digit runs compared as numbers: a2 &lt; a10 &lt; b1. */
  public static final Comparator<String> NATURAL_ORDER = FrameFolder::compareNatural;

  private final Path dir;
  private final List<Path> frames;
  private final List<Path> labels; // empty when there are no label maps
  private final List<String> classNames;

  private FrameFolder(Path dir, List<Path> frames, List<Path> labels, List<String> classNames) {
    this.dir = dir;
    this.frames = frames;
    this.labels = labels;
    this.classNames = classNames;
  }

  /** Frames only. */
  public static FrameFolder open(Path dir) {
    return open(dir, Optional.empty(), List.of());
  }

  /**
   * Frames of {@code dir} with label maps from {@code labelDir} (if present); {@code classNames}
   * names the label values (may be empty).
   */
  public static FrameFolder open(Path dir, Optional<Path> labelDir, List<String> classNames) {
    List<Path> entries = ImageFolder.list(dir);
    ImageFiles.refuseUnreadImages(entries);
    List<Path> frames = new ArrayList<>(entries.stream()
        .filter(p -> Files.isRegularFile(p) && ImageFiles.isImage(p)).toList());
    if (frames.isEmpty()) {
      throw new MalformedDataException(dir, "holds no .png/.jpg/.jpeg frames",
          "put the video's frames in this folder (e.g. 00001.png, 00002.png, ...)");
    }
    frames.sort(Comparator.comparing(p -> p.getFileName().toString(), NATURAL_ORDER));
    int[] size = ImageFiles.size(frames.get(0));
    for (Path f : frames) {
      checkSize(f, ImageFiles.size(f), frames.get(0), size);
    }
    List<Path> labels = new ArrayList<>();
    if (labelDir.isPresent()) {
      for (Path f : frames) {
        Path l = labelDir.get().resolve(baseName(f) + ".png");
        if (!Files.isRegularFile(l)) {
          throw new MalformedDataException(f, "frame has no label map " + l.getFileName() + " in "
              + labelDir.get(), "add the label PNG or remove the frame (labels exist for other frames)");
        }
        checkSize(l, ImageFiles.size(l), f, size);
        labels.add(l);
      }
    }
    return new FrameFolder(dir, List.copyOf(frames), List.copyOf(labels), List.copyOf(classNames));
  }

  /** True when per-pixel label maps are attached. */
  public boolean hasLabels() {
    return !labels.isEmpty();
  }

  /** The per-pixel labels of frame {@code index} (one channel, value = class). */
  public Image labelMap(int index) {
    return ImageFiles.readLabelMap(labelFile(index));
  }

  /** The file of the label map of frame {@code index}: {@link #baseName} of the frame + .png. */
  public Path labelFile(int index) {
    if (labels.isEmpty()) {
      throw new IllegalStateException(dir + " was opened without a labels folder; pass one to open()");
    }
    return labels.get(index);
  }

  /** The file of frame {@code index}. */
  public Path file(int index) {
    return frames.get(index);
  }

  @Override
  public int size() {
    return frames.size();
  }

  @Override
  public LabeledImage get(int index) {
    return new LabeledImage(ImageFiles.read(frames.get(index)), -1);
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public String source() {
    return dir.toString();
  }

  private static void checkSize(Path file, int[] got, Path reference, int[] want) {
    if (got[0] != want[0] || got[1] != want[1]) {
      throw new MalformedDataException(file, "is " + got[0] + "x" + got[1] + " but "
          + reference.getFileName() + " is " + want[0] + "x" + want[1],
          "all frames and label maps of a video must have one size; resize or remove it");
    }
  }

  /**
   * A file's name without its extension: how a frame names its label map ({@code
   * baseName(frame).png}), and anything else kept per frame.
   */
  public static String baseName(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n : n.substring(0, dot);
  }

  private static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }
}
