package org.ttt4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.DatasetFormat;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Slice;
import org.ttt4j.data.Split;
import org.ttt4j.provenance.Digests;
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
    Map<String, String> prov = new LinkedHashMap<>(provenance(Split.TRAIN));
    prov.put("train_images", Integer.toString(train.size()));
    prov.put("validation_images", val == null ? "0" : val.size() + " (last of the train split)");
    return new Splits(train, val, prov);
  }

  Dataset open(Split split) {
    return data.equalsIgnoreCase("fashion-mnist") ? FashionMnist.load(split)
        : DatasetFormat.open(Path.of(data), split);
  }

  /** Source and SHA-256 of the files behind the dataset (Fashion-MNIST's IDX files). */
  Map<String, String> provenance(Split split) {
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
    return p;
  }
}
