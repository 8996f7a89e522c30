package org.ttt4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.train.TrainState;

/** Where the shipped default model lives, and how a MODEL argument resolves. */
final class ModelOption {

  /** The default model, relative to the repository root. */
  static final String DEFAULT = "models/fmnist-tiny/model.safetensors";

  private ModelOption() {}

  /**
   * A MODEL argument refused: it names no checkpoint ({@link #resolve}), or a model that cannot
   * handle the data it is given ({@link #requireFits}). A usage error wherever it is thrown:
   * {@link Main} prints the message and where the usage is, and exits 2, as for a bad option.
   */
  static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }
  }

  /** What a MODEL argument may be, for the messages that refuse one. */
  private static final String GIVE = "give a checkpoint file (model.safetensors) or a run folder"
      + " that holds one, or omit it for the shipped default";

  /**
   * The checkpoint a MODEL argument names; null or empty means the shipped default.
   *
   * @throws Refused naming the argument, what it is and what to give, when it names no checkpoint
   */
  static Path resolve(String model) {
    if (model != null && !model.isBlank()) {
      Path p = Path.of(model);
      if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("model.safetensors"))) {
        return p.resolve("model.safetensors");
      }
      if (Files.isDirectory(p)) {
        throw new Refused("model " + p + " is a folder without model.safetensors; "
            + notARunFolder(p));
      }
      if (!Files.exists(p)) {
        throw new Refused("model " + p + " does not exist; " + GIVE);
      }
      if (!Files.isRegularFile(p)) {                // /dev/null, a pipe, a socket
        throw new Refused("model " + p + " exists but is not a regular file (a"
            + " device, pipe or socket), so it holds no checkpoint; " + GIVE);
      }
      return p;
    }
    Path root = Path.of(System.getProperty("ttt4j.root", "."));
    Path p = root.resolve(DEFAULT);
    if (!Files.isRegularFile(p)) {
      throw new Refused("the shipped default model " + p + " is missing; run"
          + " from a full checkout of ttt4j, or pass a model");
    }
    return p;
  }

  /** The manifest.json beside a checkpoint: that of the run that made it, if it has one. */
  static Path manifestOf(Path modelFile) {
    return modelFile.toAbsolutePath().getParent().resolve("manifest.json");
  }

  /**
   * What the folder {@code dir} without model.safetensors is, and what to give instead: a stopped
   * run (its state names the command that finishes it), an eval run (the model it evaluated), a
   * folder of other checkpoints (one of them), or no run folder at all.
   */
  private static String notARunFolder(Path dir) {
    Path state = dir.resolve(TrainState.FILE);      // a stopped `train` or `eval` run
    if (Files.isRegularFile(state)) {
      return Checkpoint.notAModel(state, Checkpoint.metadata(state));
    }
    String evaluated = evaluatedModel(dir);
    if (evaluated != null) {
      return "it is the folder of a run of a model (eval, video, experiment), not of the model"
          + " itself: give the model it ran, " + evaluated;
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> checkpoints = files.filter(f -> f.getFileName().toString()
          .endsWith(".safetensors") && Files.isRegularFile(f)).sorted().toList();
      if (!checkpoints.isEmpty()) {
        return "give one of the checkpoints in it, e.g. " + checkpoints.get(0);
      }
    } catch (IOException | UncheckedIOException e) {
      // unreadable: said below as for any folder that is no run folder
    }
    return "it is not a run folder; " + GIVE;
  }

  /**
   * The model file the manifest.json of a run of a model names (eval, video and experiment
   * record its path as the configs' "model"; training runs record a config there), or null.
   */
  private static String evaluatedModel(Path dir) {
    try {
      Object model = JsonFiles.read(dir.resolve("manifest.json"), RunManifest.class)
          .map(RunManifest::configs)
          .map(c -> c.get("modelFile") != null ? c.get("modelFile") : c.get("model"))  // absolute
          .orElse(null);
      return model instanceof String path ? path : null;
    } catch (RuntimeException e) {
      return null;                                  // not a manifest ttt4j can read
    }
  }

  /**
   * Refuses a model that cannot read {@code data}'s images (another size or channel count) or,
   * when {@code classify}, cannot classify them (a dense head, or fewer classes than the data).
   *
   * @throws Refused naming the model, the data and what to give instead
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
      throw new Refused(model + " is a dense-prediction (segmentation) model; "
          + denseFix);
    }
    if (classify && c.numClasses() < data.classNames().size()) {
      throw new Refused(model + " predicts " + c.numClasses() + " classes, but "
          + data.source() + " has " + data.classNames().size() + "; give a model trained on it");
    }
    if (data.size() == 0) {
      throw new Refused(data.source() + " holds no images (or --limit is 0);"
          + " give a dataset with images");
    }
    LabeledImage sample = data.get(0);
    if (classify && sample.label() < 0) {
      throw new Refused(data.source() + " holds unlabelled images (a folder of"
          + " frames, with no class sub-folders), and this command measures accuracy: lay the"
          + " images out as root/<class>/<image>.png and pass the root");
    }
    Image first = sample.image();
    if (first.height() != c.imageSize() || first.width() != c.imageSize()
        || first.channels() != c.channels()) {
      String want = shape(c.imageSize(), c.imageSize(), c.channels());
      String got = shape(first.height(), first.width(), first.channels());
      throw new Refused(model + " takes " + want + " images, but "
          + data.source() + " holds " + got + " ones; ttt4j does not resize or convert images:"
          + " save them as " + want + ", or give a model made for " + got);
    }
  }

  private static String shape(int height, int width, int channels) {
    return height + "x" + width + (channels == 1 ? " grey" : channels == 3 ? " RGB" : "x" + channels);
  }
}
