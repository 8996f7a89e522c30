package org.ttt4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The on-disk formats {@code --data} accepts, and how a path is recognised as one of them: by file
 * extension for a single file, by the names inside for a folder. {@link #open} reads the split
 * where the format has splits (IDX, CIFAR) and ignores it otherwise.
 */
public enum DatasetFormat {
  /**
   * A folder with {@code train|t10k-images-idx3-ubyte[.gz]} and labels, a folder with unprefixed
   * {@code images-idx3-ubyte[.gz]} and {@code labels-idx1-ubyte[.gz]} (one level of {@code ttt4j
   * corrupt}; the split is ignored), or one images file. Also spelt {@code t10k-images.idx3-ubyte},
   * as copies of MNIST on Kaggle are.
   */
  IDX,
  /** {@code data_batch_N.bin} / {@code test_batch.bin}, or one {@code .bin} batch file. */
  CIFAR10,
  /** {@code train.bin} / {@code test.bin} of the CIFAR-100 binary version. */
  CIFAR100,
  /** An images {@code .npy} next to {@code labels.npy} (CIFAR-10-C style). */
  NPY,
  /**
   * {@code root/<class>/<image>}, or {@code root/train/<class>/<image>} and {@code
   * root/test/<class>/<image>}, of which the split is read.
   */
  IMAGE_FOLDER,
  /** A folder of frames (a video), unlabelled. */
  FRAME_FOLDER;

  private static final String IDX_IMAGES = "images-idx3-ubyte";
  private static final String IDX_LABELS = "labels-idx1-ubyte";
  private static final String ACCEPTED = "a Fashion-MNIST/MNIST IDX folder or *images-idx3-ubyte[.gz]"
      + " file, a CIFAR binary folder or .bin batch, an images .npy next to labels.npy,"
      + " a root/<class>/<image> folder, or a folder of frames";

  /** Recognises {@code path}; anything else is an error that lists what is accepted. */
  public static DatasetFormat detect(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isRegularFile(path)) {
      if (isIdxImages(name)) {
        return IDX;
      }
      if (name.endsWith(".npy")) {
        return NPY;
      }
      if (name.endsWith(".bin")) {
        return name.startsWith("train.") || name.startsWith("test.") ? CIFAR100 : CIFAR10;
      }
    } else if (Files.isDirectory(path)) {
      List<Path> entries = ImageFolder.list(path);
      List<String> names = entries.stream().map(p -> p.getFileName().toString()).toList();
      if (names.stream().anyMatch(n -> isIdxImages(n.toLowerCase(Locale.ROOT)))) {
        return IDX;
      }
      if (names.contains("test_batch.bin") || names.contains("data_batch_1.bin")) {
        return CIFAR10;
      }
      if (names.contains("test.bin") || names.contains("train.bin")) {
        return CIFAR100;
      }
      if (names.contains("labels.npy")) {
        return NPY;
      }
      if (names.contains("frames") && names.contains("labels")) { // else classes "frames", "labels"
        throw new MalformedDataException(path, "is a labelled video (frames/ and labels/), not an"
            + " image dataset", "give it to `ttt4j video --videos` or `ttt4j train seg --videos`,"
            + " or pass " + path.resolve("frames") + " for the frames alone");
      }
      Path level = firstLevel(entries);
      if (level != null) { // its contact sheet would otherwise make it a folder of frames
        throw new MalformedDataException(path, "holds the <corruption>/<level> folders of a"
            + " corrupted set, not one dataset", "pass one level folder, e.g. " + level);
      }
      Path image = entries.stream().filter(p -> Files.isRegularFile(p) && ImageFiles.isImage(p))
          .findFirst().orElse(null);
      Path folder = entries.stream().filter(Files::isDirectory).findFirst().orElse(null);
      if (image != null && folder != null) { // class folders beside a stray image, or frames
        throw new MalformedDataException(path, "holds both images (" + image.getFileName()
            + ") and sub-folders (" + folder.getFileName() + ")", "for classes, move the loose"
            + " images into their class folders; for a video's frames, move the sub-folders out");
      }
      if (image != null) {
        return FRAME_FOLDER;
      }
      if (folder != null) {
        return IMAGE_FOLDER;
      }
    } else {
      throw new MalformedDataException(path, "no such file or folder", "pass 'fashion-mnist' or " + ACCEPTED);
    }
    throw new MalformedDataException(path, "format not recognised", "pass " + ACCEPTED);
  }

  /** Opens {@code path}, detecting its format. */
  public static Dataset open(Path path, Split split) {
    return detect(path).read(path, split);
  }

  /** Reads {@code path} as this format. */
  public Dataset read(Path path, Split split) {
    boolean dir = Files.isDirectory(path);
    return switch (this) {
      case IDX -> dir ? idxFolder(path, split) : IdxDataset.open(path, idxLabels(path), List.of());
      case CIFAR10 -> CifarBinary.open(CifarBinary.Variant.CIFAR10, !dir ? List.of(path)
          : split == Split.TEST ? List.of(path.resolve("test_batch.bin"))
          : java.util.stream.IntStream.rangeClosed(1, 5)
              .mapToObj(i -> path.resolve("data_batch_" + i + ".bin")).toList());
      case CIFAR100 -> CifarBinary.open(CifarBinary.Variant.CIFAR100, List.of(!dir ? path
          : path.resolve(split == Split.TEST ? "test.bin" : "train.bin")));
      case NPY -> dir ? npyFolder(path) : NpyDataset.open(path, sibling(path, "labels.npy"), List.of());
      case IMAGE_FOLDER -> ImageFolder.open(splitFolder(path, split));
      case FRAME_FOLDER -> FrameFolder.open(path);
    };
  }

  /**
   * {@code <prefix>-images-idx3-ubyte[.gz]} + labels, or else the unprefixed pair that corrupt
   * writes; Fashion-MNIST class names only for its folder.
   */
  private static Dataset idxFolder(Path dir, Split split) {
    if (dir.toAbsolutePath().normalize().equals(Path.of(FashionMnist.DEFAULT_ROOT))) {
      return FashionMnist.load(dir, split);
    }
    String prefix = FashionMnist.prefix(split) + "-";
    if (!hasIdx(dir, prefix + IDX_IMAGES) && hasIdx(dir, IDX_IMAGES)) {
      prefix = "";
    }
    return IdxDataset.open(idxFile(dir, prefix + IDX_IMAGES), idxFile(dir, prefix + IDX_LABELS), List.of());
  }

  /**
   * torchvision's split layout {@code root/train/<class>/} and {@code root/test/<class>/}: the
   * folder of {@code split}, whose class folders must be the other split's (labels are positions);
   * {@code root} itself when it has no such folders. ImageNet's {@code train/} + {@code val/}
   * (no {@code test/}) has no test split: the message says how to use {@code val/} as one.
   */
  private static Path splitFolder(Path root, Split split) {
    Path train = root.resolve("train");
    Path test = root.resolve("test");
    Path val = root.resolve("val");
    if (!holdsClassFolders(train) && !holdsClassFolders(test)) {
      if (holdsClassFolders(val)) { // else a class "val" whose folders would be refused
        throw new MalformedDataException(root, "has val/ but neither train/ nor test/",
            "pass --data " + val + " to read val/ itself");
      }
      return root;
    }
    Path chosen = split == Split.TEST ? test : train;
    Path other = split == Split.TEST ? train : test;
    if (split == Split.TEST && !Files.isDirectory(test) && holdsClassFolders(val)) {
      throw new MalformedDataException(root, "has train/ and val/ but no test/ (ImageNet's"
          + " layout), and --split test reads test/", "pass --data " + val + " to use the"
          + " validation images as the test split, or rename val/ to test/");
    }
    if (!Files.isDirectory(chosen)) {
      throw new MalformedDataException(root, "has " + other.getFileName() + "/ but no "
          + chosen.getFileName() + "/ folder", "pass --split " + other.getFileName()
          + ", or add " + chosen.getFileName() + "/<class>/ folders");
    }
    if (Files.isDirectory(other) && !classFolders(chosen).equals(classFolders(other))) {
      throw new MalformedDataException(root, "train/ holds class folders " + classFolders(train)
          + " but test/ holds " + classFolders(test), "labels are positions in the sorted list,"
          + " so give both splits the same class folders");
    }
    return chosen;
  }

  /** A folder of class folders (no images directly inside): a split of an image folder. */
  private static boolean holdsClassFolders(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    List<Path> inside = ImageFolder.list(dir);
    return inside.stream().noneMatch(ImageFiles::isImage)
        && inside.stream().anyMatch(Files::isDirectory);
  }

  private static List<String> classFolders(Path dir) {
    return ImageFolder.list(dir).stream().filter(Files::isDirectory)
        .map(p -> p.getFileName().toString()).toList();
  }

  /** {@code *-images-idx3-ubyte[.gz]} (Fashion-MNIST) or {@code images-idx3-ubyte[.gz]} (corrupt). */
  private static boolean isIdxImages(String lowerName) {
    return lowerName.contains("-" + IDX_IMAGES) || lowerName.startsWith(IDX_IMAGES)
        || lowerName.contains(dotted(IDX_IMAGES));
  }

  /** The name as the MNIST copies on Kaggle spell it: {@code t10k-images.idx3-ubyte}. */
  private static String dotted(String base) {
    return base.replace("-idx", ".idx");
  }

  /**
   * A level folder of {@code ttt4j corrupt} among {@code entries} (a corruption folder's) or inside
   * the first sub-folder (a set's root), or null.
   */
  private static Path firstLevel(List<Path> entries) {
    Path first = entries.stream().filter(Files::isDirectory).findFirst().orElse(null);
    if (first == null) {
      return null;
    }
    return Stream.concat(entries.stream(), ImageFolder.list(first).stream())
        .filter(DatasetFormat::isLevel).findFirst().orElse(null);
  }

  /** A folder named 1..5 that holds class folders or IDX files, no images: not a class "1". */
  private static boolean isLevel(Path p) {
    if (!p.getFileName().toString().matches("[1-5]") || !Files.isDirectory(p)) {
      return false;
    }
    return holdsClassFolders(p) || ImageFolder.list(p).stream()
        .anyMatch(q -> isIdxImages(q.getFileName().toString().toLowerCase(Locale.ROOT)));
  }

  /** The labels file next to an images file, gzipped or plain, whichever the images are. */
  private static Path idxLabels(Path images) {
    String name = images.getFileName().toString().replace(IDX_IMAGES, IDX_LABELS)
        .replace(dotted(IDX_IMAGES), dotted(IDX_LABELS));
    Path dir = images.toAbsolutePath().getParent();
    String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    return hasIdx(dir, base) ? idxFile(dir, base) : dir.resolve(name);
  }

  /** Gzipped or plain, dashed or dotted. */
  private static List<String> idxNames(String base) {
    return List.of(base + ".gz", base, dotted(base) + ".gz", dotted(base));
  }

  private static boolean hasIdx(Path dir, String base) {
    return idxNames(base).stream().anyMatch(name -> Files.isRegularFile(dir.resolve(name)));
  }

  private static Path idxFile(Path dir, String base) {
    for (String name : idxNames(base)) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
    }
    throw new MalformedDataException(dir.resolve(base + ".gz"), "IDX file not found",
        "an IDX folder needs train-/t10k- images and labels files; check --split");
  }

  private static Dataset npyFolder(Path dir) {
    List<Path> images = ImageFolder.list(dir).stream()
        .filter(p -> p.getFileName().toString().endsWith(".npy")
            && !p.getFileName().toString().equals("labels.npy")).toList();
    if (images.size() != 1) {
      throw new MalformedDataException(dir, "holds " + images.size() + " image .npy files besides"
          + " labels.npy " + images.stream().map(Path::getFileName).toList(), "pass the images"
          + " file itself, e.g. " + (images.isEmpty() ? dir.resolve("gaussian_noise.npy") : images.get(0)));
    }
    return NpyDataset.open(images.get(0), dir.resolve("labels.npy"), List.of());
  }

  private static Path sibling(Path file, String name) {
    Path parent = file.toAbsolutePath().getParent();
    return parent.resolve(name);
  }
}
