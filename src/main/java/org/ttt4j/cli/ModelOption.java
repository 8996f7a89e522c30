package org.ttt4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
