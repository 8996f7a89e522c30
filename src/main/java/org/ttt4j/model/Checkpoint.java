package org.ttt4j.model;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model on disk: one safetensors file whose {@code __metadata__} holds the format version, the
 * {@link MaeConfig} (JSON) and the provenance of the weights (git commit, time, recipe, ...).
 * Written atomically.
 */
public final class Checkpoint {

  /** Format name written in every checkpoint's metadata. */
  public static final String FORMAT = "ttt4j-checkpoint";

  /** Bump when the layout changes; {@link #load} accepts every version up to this one. */
  public static final int VERSION = 1;

  private static final Gson GSON = new Gson();

  private Checkpoint() {}

  /** Saves weights, config and provenance to {@code file}. */
  public static void save(YShapedVit model, Path file, Map<String, String> provenance) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("format_version", Integer.toString(VERSION));
    meta.put("config", GSON.toJson(model.config()));
    provenance.forEach(meta::putIfAbsent);
    Safetensors.write(file, model.weights().toTensors(), meta);
  }

  /** The config stored in a checkpoint's metadata. */
  public static MaeConfig config(Safetensors.Contents contents, Path file) {
    String format = contents.metadata().get("format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(file + " is a safetensors file but not a ttt4j checkpoint"
          + " (metadata format=" + format + "); import it with `ttt4j import` first");
    }
    int version = Integer.parseInt(contents.metadata().getOrDefault("format_version", "0"));
    if (version < 1 || version > VERSION) {
      throw new IllegalArgumentException(file + " has checkpoint format version " + version
          + "; this ttt4j reads versions 1.." + VERSION + "; upgrade ttt4j");
    }
    try {
      return GSON.fromJson(contents.metadata().get("config"), MaeConfig.class);
    } catch (JsonParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " has an unreadable config: " + e.getMessage(), e);
    }
  }

  /** Loads a model (config from the metadata) whose arrays live under {@code manager}. */
  public static YShapedVit load(Path file, NDManager manager) {
    Safetensors.Contents contents = Safetensors.read(file);
    YShapedVit model = YShapedVit.create(config(contents, file), manager, 0);
    try {
      model.weights().load(contents.tensors(), "checkpoint " + file);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /** The provenance and other metadata of a checkpoint, without loading its weights. */
  public static Map<String, String> metadata(Path file) {
    return Safetensors.read(file).metadata();
  }
}
