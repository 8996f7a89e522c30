package org.ttt4j.model;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
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
    return config(contents.metadata(), file);
  }

  /**
   * The config stored in a checkpoint's metadata ({@link #metadata} reads it without the
   * weights); a file that is no checkpoint, of a later format version or with an unreadable config
   * is refused with what it is.
   */
  public static MaeConfig config(Map<String, String> metadata, Path file) {
    if (!FORMAT.equals(metadata.get("format"))) {
      throw new IllegalArgumentException(notAModel(file, metadata));
    }
    String v = metadata.get("format_version");
    if (v == null) {
      throw new IllegalArgumentException(file + " is named a ttt4j checkpoint but has no"
          + " format_version in its metadata; the file is corrupt, or was written by another tool");
    }
    int version;
    try {
      version = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + " has checkpoint format version '" + v
          + "', not a number; the file's metadata is corrupt");
    }
    if (version < 1 || version > VERSION) {
      throw new IllegalArgumentException(file + " has checkpoint format version " + version
          + "; this ttt4j reads versions 1.." + VERSION + "; upgrade ttt4j");
    }
    String json = metadata.get("config");
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException(file + " is a ttt4j checkpoint without a config in its"
          + " metadata; the file is corrupt, or was written by another tool under ttt4j's format"
          + " name");
    }
    MaeConfig config;
    try {
      config = GSON.fromJson(json, MaeConfig.class);
    } catch (RuntimeException e) {        // JSON errors, and MaeConfig's own checks via Gson
      Throwable why = e.getCause() instanceof IllegalArgumentException c ? c : e;
      throw new IllegalArgumentException(file + " has an unreadable config: " + why.getMessage(),
          e);
    }
    if (config == null) {
      throw new IllegalArgumentException(file + " has an unreadable config: " + json);
    }
    return config;
  }

  /**
   * Why a safetensors file with this metadata is no checkpoint, and what to give instead. The
   * states that {@code ttt4j train} and {@code ttt4j eval} keep to resume from name their run.
   */
  public static String notAModel(Path file, Map<String, String> metadata) {
    String format = metadata.get("format");
    Path run = file.getParent() != null ? file.getParent() : Path.of(".");
    return switch (String.valueOf(format)) {     // TrainState.FORMAT, AdapterState.FORMAT
      case "ttt4j-train-state" -> file + " is the training state of a `ttt4j train` run, not a"
          + " model; give the run folder " + run + " once its training has finished (it then"
          + " holds model.safetensors), or finish it with `ttt4j train "
          + trainMode(metadata.get("train_config")) + " --out " + run + " --resume`";
      case "ttt4j-eval-state" -> file + " is the adapting state of a `ttt4j eval` run, not a"
          + " model; continue that run with `ttt4j eval --resume " + run + "`, or give the model"
          + " it adapts (see " + run.resolve("manifest.json") + ")";
      default -> file + " is a safetensors file but not a ttt4j checkpoint (metadata format="
          + format + "); import it with `ttt4j import` first";
    };
  }

  /** The MODE argument of {@code ttt4j train} that wrote a training config ("MODE" if unknown). */
  private static String trainMode(String trainConfig) {
    try {
      JsonObject c = JsonParser.parseString(String.valueOf(trainConfig)).getAsJsonObject();
      return c.has("mode") ? c.get("mode").getAsString().toLowerCase(Locale.ROOT)
          : "seg --videos DIR";                 // only `train seg`'s config has no mode
    } catch (JsonParseException | IllegalStateException e) {
      return "MODE";       // missing or unreadable: this only words an error message
    }
  }

  /**
   * Loads a model (config from the metadata) whose arrays live under {@code manager}. {@code file}
   * is the checkpoint file itself: a folder, even a run folder that holds model.safetensors, is
   * refused with the file to give.
   */
  public static YShapedVit load(Path file, NDManager manager) {
    requireFile(file);
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

  /**
   * The provenance and other metadata of a checkpoint, without loading its weights: only the
   * safetensors header is read (kilobytes, however large the model).
   */
  public static Map<String, String> metadata(Path file) {
    requireFile(file);
    return Safetensors.readHeader(file).metadata();
  }

  /** Refuses a folder before the read fails with "Is a directory". */
  private static void requireFile(Path file) {
    if (!Files.isDirectory(file)) {
      return;
    }
    Path model = file.resolve("model.safetensors");
    if (Files.isRegularFile(model)) {
      throw new IllegalArgumentException("checkpoint " + file + " is a folder; give the checkpoint"
          + " file in it, " + model);
    }
    throw new IllegalArgumentException("checkpoint " + file + " is a folder without"
        + " model.safetensors; give a checkpoint file (a .safetensors written by ttt4j)");
  }
}
