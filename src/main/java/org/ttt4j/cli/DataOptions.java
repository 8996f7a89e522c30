package org.ttt4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.DatasetFormat;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Slice;
import org.ttt4j.data.Split;
import org.ttt4j.provenance.Digests;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.report.ClassNames;
import picocli.CommandLine.Option;

/** Shared {@code --data}, {@code --limit} and {@code --val} options of the training commands. */
final class DataOptions {

  @Option(names = "--data", defaultValue = "fashion-mnist",
      description = "fashion-mnist, or a dataset path (IDX, CIFAR .bin, .npy, class folders)"
          + " (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--limit", description = "Use only the first N training images.")
  Integer limit;

  @Option(names = "--val", defaultValue = "5000",
      description = "Hold out the last N training images as the validation split (default:"
          + " ${DEFAULT-VALUE}); hyper-parameters are chosen on it, never on the test split.")
  int validation;

  /** The training images and the held-out validation images. */
  record Splits(Dataset train, Dataset validation, Map<String, String> provenance) {

    /** The validation images, for {@code --split val}; refused when {@code --val} is 0. */
    Dataset requireValidation() {
      if (validation == null) {
        throw new IllegalArgumentException("--split val needs --val N > 0 validation images");
      }
      return validation;
    }
  }

  /**
   * Whether a {@code --split} value names the validation split (the last {@code --val} training
   * images); the names are test, train and val.
   */
  static boolean isValidation(String split) {
    if (split.equalsIgnoreCase("val")) {
      return true;
    }
    if (split.equalsIgnoreCase("train") || split.equalsIgnoreCase("test")) {
      return false;
    }
    throw new IllegalArgumentException("unknown --split '" + split + "'; valid: test, val (the"
        + " last --val training images), train");
  }

  Splits trainAndValidation() {
    Dataset all = open(Split.TRAIN);
    int n = all.size();
    if (validation < 0 || validation >= n) {
      throw new IllegalArgumentException("--val " + validation + " must be between 0 and "
          + (n - 1) + " (the training split has " + n + " images)");
    }
    Dataset train = Slice.of(all, 0, n - validation);
    if (limit != null) {
      train = Slice.first(train, limit);
    }
    Dataset val = validation == 0 ? null : Slice.of(all, n - validation, n);
    Map<String, String> prov = provenance(Split.TRAIN, all);
    prov.put("train_images", Integer.toString(train.size()));
    prov.put("validation_images", val == null ? "0" : val.size() + " (last of the train split)");
    return new Splits(train, val, prov);
  }

  Dataset open(Split split) {
    return data.equalsIgnoreCase("fashion-mnist") ? FashionMnist.load(split)
        : DatasetFormat.open(Path.of(data), split);
  }

  /**
   * The key of the class names in a manifest's {@code data} map: a JSON array, indexed by label,
   * so that a report names the classes without opening the data.
   */
  static final String CLASS_NAMES = ClassNames.MANIFEST_KEY;

  /**
   * Source and SHA-256 of the files behind the dataset (Fashion-MNIST's IDX files), and its
   * class names where it has names ({@link #CLASS_NAMES}).
   */
  Map<String, String> provenance(Split split) {
    return provenance(split, null);
  }

  /** The same, taking the class names from {@code opened} (the data of {@code split}) if given. */
  private Map<String, String> provenance(Split split, Dataset opened) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("source", data);
    if (data.equalsIgnoreCase("fashion-mnist")) {
      Path root = Path.of(FashionMnist.DEFAULT_ROOT);
      String prefix = FashionMnist.prefix(split);
      for (String part : new String[] {"-images-idx3-ubyte.gz", "-labels-idx1-ubyte.gz"}) {
        Path f = root.resolve(prefix + part);
        if (java.nio.file.Files.exists(f)) {
          p.put("sha256 " + f.getFileName(), Digests.sha256(f));
        }
      }
    }
    List<String> names = classNames(split, opened);
    if (!names.isEmpty()) {
      p.put(CLASS_NAMES, JsonFiles.toCompactJson(names));
    }
    return p;
  }

  /**
   * The data's class names, when they say more than the labels: Fashion-MNIST's ten, the folder
   * names of class-folder data (a listing, no image is read), those of {@code opened}; none for
   * data that would have to be read again to tell (IDX, CIFAR, .npy files) or that has only
   * numbers ("0", "1", ...).
   */
  private List<String> classNames(Split split, Dataset opened) {
    List<String> names;
    if (data.equalsIgnoreCase("fashion-mnist")) {
      names = FashionMnist.CLASS_NAMES;
    } else if (opened != null) {
      names = opened.classNames();
    } else if (DatasetFormat.detect(Path.of(data)) == DatasetFormat.IMAGE_FOLDER) {
      names = DatasetFormat.open(Path.of(data), split).classNames();
    } else {
      return List.of();
    }
    return ClassNames.informative(names);
  }
}
