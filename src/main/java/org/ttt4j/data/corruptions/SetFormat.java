package org.ttt4j.data.corruptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.ttt4j.data.Idx;
import org.ttt4j.data.Image;
import org.ttt4j.data.ImageFiles;
import org.ttt4j.data.Npy;
import org.ttt4j.provenance.Digests;

/**
 * How a corrupted set lies on disk.
 *
 * <ul>
 *   <li>{@code idx}: {@code <corruption>/<level>/images-idx3-ubyte.gz} and {@code
 *       labels-idx1-ubyte.gz} (grey, one size).
 *   <li>{@code npy}: CIFAR-10-C, {@code <corruption>.npy} = uint8 [levels x N, H, W, C] with the
 *       levels stacked in order, plus one shared {@code labels.npy} (int64, tiled per level).
 *   <li>{@code png}: ImageNet-C, {@code <corruption>/<level>/<NN_class>/<index>.png}; class folders
 *       are prefixed with the zero-padded label so that sorted order is label order ('/' in a name
 *       becomes '_').
 * </ul>
 *
 * A part is written to a hidden staging folder (idx, png) or temp file (npy) and renamed into
 * place, so a crash never leaves half a part.
 */
public enum SetFormat {
  IDX, NPY, PNG;

  /** Name of the shared labels file of the npy layout. */
  public static final String NPY_LABELS = "labels.npy";

  /** Parses idx, npy or png. */
  public static SetFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + name + "'; use idx, npy or png");
    }
  }

  /** True when a part holds every requested level of a corruption (npy), false for one level. */
  public boolean stacksLevels() {
    return this == NPY;
  }

  /** A short name for a part, used in messages: {@code fog/3} or {@code fog[1-5]}. */
  public String partName(Corruption c, List<Severity> levels) {
    return stacksLevels() ? c.id() + levels.stream().map(s -> Integer.toString(s.level()))
        .reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElse("")
        : c.id() + "/" + levels.get(0).level();
  }

  /** Checks before any work that the images, and their labels, fit this format. */
  public void checkFits(Image first, int[] labels) {
    if (this == IDX && !first.isGrey()) {
      throw new IllegalArgumentException("the idx format holds grey images, but the data are "
          + first.height() + "x" + first.width() + "x" + first.channels() + "; use --format npy or png");
    }
    if (this != NPY && java.util.Arrays.stream(labels).anyMatch(label -> label < 0)) {
      throw new IllegalArgumentException("the data are unlabelled images (a folder of frames), and"
          + " the " + name().toLowerCase(java.util.Locale.ROOT) + " format stores a class per image;"
          + " lay them out as root/<class>/<image>.png, or use --format npy (labels -1)");
    }
  }

  /**
   * Writes one part under {@code out}: {@code images[l][i]} is image i at {@code levels.get(l)}.
   * Returns the SHA-256 of each written file, keyed by its path relative to {@code out}.
   */
  public Map<String, String> writePart(Path out, Corruption c, List<Severity> levels, Image[][] images,
      int[] labels, List<String> classNames) {
    int n = labels.length;
    if (this == NPY) {
      Path file = out.resolve(c.id() + ".npy");
      Image f = images[0][0];
      Npy.writeImages(file, n * levels.size(), f.height(), f.width(), f.channels(),
          i -> images[i / n][i % n]);
      return Map.of(file.getFileName().toString(), Digests.sha256(file));
    }
    Path level = out.resolve(c.id()).resolve(Integer.toString(levels.get(0).level()));
    Path staging = level.resolveSibling("." + level.getFileName() + ".partial");
    deleteTree(staging);
    Image[] im = images[0];
    if (this == IDX) {
      Idx.writeImages(staging.resolve("images-idx3-ubyte.gz"), n, im[0].height(), im[0].width(), i -> im[i]);
      Idx.writeLabels(staging.resolve("labels-idx1-ubyte.gz"), labels);
    } else {
      int digits = Integer.toString(n - 1).length();
      for (int i = 0; i < n; i++) {
        ImageFiles.writePng(staging.resolve(classFolder(labels[i], classNames))
            .resolve(String.format("%0" + digits + "d.png", i)), im[i]);
      }
    }
    deleteTree(level);
    move(staging, level);
    return digests(out, level);
  }

  /** Where the set's per-format shared label file goes, or null when the format has none. */
  public Path sharedLabels(Path out) {
    return this == NPY ? out.resolve(NPY_LABELS) : null;
  }

  static String classFolder(int label, List<String> classNames) {
    String name = label < classNames.size() ? classNames.get(label) : Integer.toString(label);
    int width = Math.max(2, Integer.toString(Math.max(classNames.size() - 1, 0)).length());
    return String.format("%0" + width + "d_%s", label, name.replaceAll("[/\\\\:]", "_"));
  }

  static Map<String, String> digests(Path out, Path tree) {
    Map<String, String> sha = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(tree)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        sha.put(out.relativize(p).toString().replace('\\', '/'), Digests.sha256(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + tree + ": " + e.getMessage(), e);
    }
    return sha;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + root + " (remove it by hand): " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }
}
