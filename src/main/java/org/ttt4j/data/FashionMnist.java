package org.ttt4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao et al., 2017, https://arxiv.org/abs/1708.07747): 60 000 train and 10 000 test
 * grey 28x28 images of 10 clothing classes, read from the Debian package {@code
 * dataset-fashion-mnist} ({@value #DEFAULT_ROOT}) or any folder with the four original files.
 */
public final class FashionMnist {

  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final String DEFAULT_ROOT = "/usr/share/datasets/fashion-mnist";

  /** The 10 classes, indexed by label. */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private FashionMnist() {}

  /** The split from {@value #DEFAULT_ROOT}. */
  public static IdxDataset load(Split split) {
    return load(Path.of(DEFAULT_ROOT), split);
  }

  /** The split from {@code root}, which holds e.g. {@code t10k-images-idx3-ubyte.gz}. */
  public static IdxDataset load(Path root, Split split) {
    String prefix = prefix(split);
    Path images = find(root, prefix + "-images-idx3-ubyte");
    Path labels = find(root, prefix + "-labels-idx1-ubyte");
    return IdxDataset.open(images, labels, CLASS_NAMES);
  }

  /** True when the default installation is present (for tests that need the real data). */
  public static boolean isInstalled() {
    return Files.exists(Path.of(DEFAULT_ROOT, "t10k-images-idx3-ubyte.gz"));
  }

  /** The file-name prefix of a split: {@code train} or {@code t10k}. */
  public static String prefix(Split split) {
    return switch (split) {
      case TRAIN -> "train";
      case TEST -> "t10k";
    };
  }

  private static Path find(Path root, String base) {
    for (String name : new String[] {base + ".gz", base}) {
      Path p = root.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new MalformedDataException(root.resolve(base + ".gz"), "Fashion-MNIST file not found",
        "install it with 'apt-get install -y dataset-fashion-mnist' or point --data at a folder"
            + " holding " + base + "[.gz]");
  }
}
