package org.ttt4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.train.TrainState;

/** Where the shipped default model lives, and how a MODEL argument resolves. */
final class ModelOption {

  /** The default model, relative to the repository root. */
  static final String DEFAULT = "models/fmnist-tiny/model.safetensors";

  private ModelOption() {}

  /** The checkpoint a MODEL argument names; null or empty means the shipped default. */
  static Path resolve(String model) {
    if (model != null && !model.isBlank()) {
      Path p = Path.of(model);
      if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("model.safetensors"))) {
        return p.resolve("model.safetensors");
      }
      if (Files.isDirectory(p)) {
        Path state = p.resolve(TrainState.FILE);    // a stopped `train` or `eval` run
        throw new IllegalArgumentException("model " + p + " is a folder without model.safetensors;"
            + (Files.isRegularFile(state)
                ? " " + Checkpoint.notAModel(state, Checkpoint.metadata(state))
                : " give a checkpoint file or a run folder that holds one"));
      }
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("model " + p + " does not exist; give a checkpoint"
            + " file (model.safetensors) or a run folder, or omit it for the shipped default");
      }
      return p;
    }
    Path root = Path.of(System.getProperty("ttt4j.root", "."));
    Path p = root.resolve(DEFAULT);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("the shipped default model " + p + " is missing; run"
          + " from a full checkout of ttt4j, or pass a model");
    }
    return p;
  }

  /**
   * Refuses a model that cannot read {@code data}'s images (another size or channel count) or,
   * when {@code classify}, cannot classify them (a dense head, or fewer classes than the data).
   */
  static void requireFits(YShapedVit vit, Path file, Dataset data, boolean classify) {
    requireFits(vit.config(), file.toString(), data, classify, "this command classifies images:"
        + " give a classification model (the shipped default, or one of `ttt4j train joint`/"
        + "`probe`), or use `ttt4j video` for this one");
  }

  /**
   * The same for a model not built yet: its config, named as the user named it; {@code denseFix}
   * says why a dense head does not do and what to do instead.
   */
  static void requireFits(MaeConfig c, String model, Dataset data, boolean classify,
      String denseFix) {
    if (classify && c.head() == HeadType.DENSE) {
      throw new IllegalArgumentException(model + " is a dense-prediction (segmentation) model; "
          + denseFix);
    }
    if (classify && c.numClasses() < data.classNames().size()) {
      throw new IllegalArgumentException(model + " predicts " + c.numClasses() + " classes, but "
          + data.source() + " has " + data.classNames().size() + "; give a model trained on it");
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException(data.source() + " holds no images (or --limit is 0);"
          + " give a dataset with images");
    }
    LabeledImage sample = data.get(0);
    if (classify && sample.label() < 0) {
      throw new IllegalArgumentException(data.source() + " holds unlabelled images (a folder of"
          + " frames, with no class sub-folders), and this command measures accuracy: lay the"
          + " images out as root/<class>/<image>.png and pass the root");
    }
    Image first = sample.image();
    if (first.height() != c.imageSize() || first.width() != c.imageSize()
        || first.channels() != c.channels()) {
      String want = shape(c.imageSize(), c.imageSize(), c.channels());
      String got = shape(first.height(), first.width(), first.channels());
      throw new IllegalArgumentException(model + " takes " + want + " images, but "
          + data.source() + " holds " + got + " ones; ttt4j does not resize or convert images:"
          + " save them as " + want + ", or give a model made for " + got);
    }
  }

  private static String shape(int height, int width, int channels) {
    return height + "x" + width + (channels == 1 ? " grey" : channels == 3 ? " RGB" : "x" + channels);
  }
}
