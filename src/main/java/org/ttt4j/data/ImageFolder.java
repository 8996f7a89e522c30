package org.ttt4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * torchvision's {@code ImageFolder}: {@code root/<class>/<image>}, classes are the sub-folders in
 * sorted order (label = position), images (png/jpg/jpeg) sorted by name within a class and decoded
 * on {@code get}.
 */
public final class ImageFolder implements Dataset {

  private final Path root;
  private final List<String> classNames;
  private final List<Path> files;
  private final int[] labels;

  private ImageFolder(Path root, List<String> classNames, List<Path> files, int[] labels) {
    this.root = root;
    this.classNames = classNames;
    this.files = files;
    this.labels = labels;
  }

  /** Lists {@code root}; an empty root or a class folder without images is an error. */
  public static ImageFolder open(Path root) {
    List<Path> classDirs = list(root).stream().filter(Files::isDirectory).toList();
    if (classDirs.isEmpty()) {
      throw new MalformedDataException(root, "has no class sub-folders",
          "lay the images out as root/<class>/<image>.png (one folder per class)");
    }
    List<String> names = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path dir : classDirs) {
      List<Path> images = list(dir).stream().filter(ImageFiles::isImage).toList();
      if (images.isEmpty()) {
        throw new MalformedDataException(dir, "class folder has no .png/.jpg/.jpeg images",
            "add images or remove the folder");
      }
      for (Path f : images) {
        files.add(f);
        labels.add(names.size());
      }
      names.add(dir.getFileName().toString());
    }
    return new ImageFolder(root, List.copyOf(names), List.copyOf(files),
        labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The file behind sample {@code index}. */
  public Path file(int index) {
    return files.get(index);
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public LabeledImage get(int index) {
    return new LabeledImage(ImageFiles.read(files.get(index)), labels[index]);
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public String source() {
    return root.toString();
  }

  /** Entries of {@code dir}, sorted by name; a missing folder is a clear error. */
  static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new MalformedDataException(dir, "folder not found", "check the path");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw ImageFiles.listing(dir, e);
    }
  }
}
