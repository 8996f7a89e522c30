package org.ttt4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * torchvision's {@code ImageFolder}: {@code root/<class>/<image>}, classes are the sub-folders in
 * sorted order (label = position), images (png/jpg/jpeg) sorted by name within a class and decoded
 * on {@code get}. Other files (README.txt) and names starting with a dot are skipped; images of
 * another format (.bmp, .gif, ...) are refused.
 *
 * <p>Unlike torchvision: the classes take turns in the sample order (the first image of every
 * class, then the second of every class, ...), since the commands take the first N images ({@code
 * --limit}, {@code --samples}) and hold out the last N ({@code --val}), which would otherwise be
 * one or two classes. A folder inside a class folder is an error, not walked: a corrupted set
 * passed one level too high would otherwise read as one class. Nothing is resized or converted: an
 * image of another size or channel count than the first file is an error on {@code get}.
 *
 * <p>One exception: when every class folder starts with a number of 2 to 5 digits, all of one
 * zero-padded width, and an underscore ({@code NN_name}, as {@code ttt4j corrupt --format png}
 * writes them) and no number repeats, the label is that number, not the position. So a subset in which a class has no image ({@code 00_T-shirt_top},
 * {@code 03_Dress}) keeps its labels (0 and 3, not 0 and 1). {@link #classNames} then holds the
 * folder name at its label and the bare number for a label without a folder. A root with any other
 * folder name, or a repeated number, uses the position rule.
 */
public final class ImageFolder implements Dataset {

  /** A class folder named {@code NN_name} by {@code ttt4j corrupt --format png}. */
  private static final Pattern LABEL_PREFIX = Pattern.compile("(\\d{2,5})_.*");

  private final Path root;
  private final List<String> classNames;
  private final List<Path> files;
  private final int[] labels;
  private volatile int[] firstShape; // {H, W, C} of file 0, once an image has been read

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
    int[] classLabels = prefixLabels(classDirs);
    List<String> names = new ArrayList<>();
    List<List<Path>> images = new ArrayList<>();
    for (int c = 0; c < classDirs.size(); c++) {
      Path dir = classDirs.get(c);
      images.add(classImages(dir));
      int label = classLabels == null ? c : classLabels[c];
      while (names.size() <= label) { // a label without a folder is named by its number
        names.add(Integer.toString(names.size()));
      }
      names.set(label, dir.getFileName().toString());
    }
    // the classes take turns, so that the first N images (--limit, --samples) and the last N
    // (--val) hold every class: consumers take a prefix, as of Fashion-MNIST's shuffled files
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int total = images.stream().mapToInt(List::size).sum();
    for (int i = 0; files.size() < total; i++) {
      for (int c = 0; c < images.size(); c++) {
        if (i < images.get(c).size()) {
          files.add(images.get(c).get(i));
          labels.add(classLabels == null ? c : classLabels[c]);
        }
      }
    }
    return new ImageFolder(root, List.copyOf(names), List.copyOf(files),
        labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The images of one class folder, sorted by name; none, or a folder inside, is an error. */
  private static List<Path> classImages(Path dir) {
    List<Path> entries = list(dir);
    entries.stream().filter(Files::isDirectory).findFirst().ifPresent(sub -> {
      throw new MalformedDataException(sub, "is a folder inside class folder " + dir.getFileName()
          + ", and ttt4j reads only the images directly in each class folder", "move its images"
          + " up into " + dir.getFileName() + ", or pass the folder that holds the class folders");
    });
    ImageFiles.refuseUnreadImages(entries);
    List<Path> images = entries.stream().filter(ImageFiles::isImage).toList();
    if (images.isEmpty()) {
      throw new MalformedDataException(dir, "class folder has no .png/.jpg/.jpeg images",
          "add images or remove the folder");
    }
    return images;
  }

  /**
   * The {@code NN} of each {@code NN_name} folder, or null when the position rule applies. As
   * corrupt writes them, the numbers have one zero-padded width of 2 to 5 digits: folders named by
   * date or by a long id ({@code 20230101_beach}) are no labels (nor 20 million class names).
   */
  private static int[] prefixLabels(List<Path> classDirs) {
    int[] labels = new int[classDirs.size()];
    Set<Integer> seen = new HashSet<>();
    for (int c = 0; c < labels.length; c++) {
      Matcher m = LABEL_PREFIX.matcher(classDirs.get(c).getFileName().toString());
      if (!m.matches()) {
        return null;
      }
      labels[c] = Integer.parseInt(m.group(1));
      boolean padded = m.group(1).length() == classDirs.get(0).getFileName().toString().indexOf('_');
      if (!padded || !seen.add(labels[c])) {
        return null;
      }
    }
    return labels;
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
    Image image = ImageFiles.read(files.get(index));
    requireFirstShape(index, image);
    return new LabeledImage(image, labels[index]);
  }

  /** Nothing here resizes or converts, so every image must have the shape of the first file. */
  private void requireFirstShape(int index, Image image) {
    int[] shape = shapeOf(image);
    int[] first = firstShape;
    if (first == null) {
      first = index == 0 ? shape : shapeOf(ImageFiles.read(files.get(0)));
      firstShape = first;
    }
    if (!Arrays.equals(shape, first)) {
      throw new MalformedDataException(files.get(index), "is " + describe(shape) + ", but "
          + root.relativize(files.get(0)) + " is " + describe(first), "ttt4j does not resize"
          + " or convert images: give every image of the folder one size and channel count");
    }
  }

  private static int[] shapeOf(Image image) {
    return new int[] {image.height(), image.width(), image.channels()};
  }

  private static String describe(int[] shape) {
    return shape[0] + "x" + shape[1] + (shape[2] == 1 ? " grey" : " RGB");
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
