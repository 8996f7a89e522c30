package org.ttt4j.train;

import com.google.gson.Gson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.Optimizer;
import org.ttt4j.optim.OptimizerState;

/**
 * Everything needed to continue a training run exactly: the model's weights, the optimizer's
 * moments and step count, the step reached, and both configs. One safetensors file, written
 * atomically, so a crash or Ctrl-C leaves either the previous state or the new one.
 */
public final class TrainState {

  /** Format name in the metadata. */
  public static final String FORMAT = "ttt4j-train-state";

  /**
   * The file in a run folder that {@code --resume} continues from: this training state in a
   * {@code ttt4j train} (or {@code train seg}) run, the adapting state in a {@code ttt4j eval} run.
   */
  public static final String FILE = "state.safetensors";

  private static final Gson GSON = new Gson();

  private TrainState() {}

  /** Writes the trainer's state to {@code file}; {@code provenance} goes into the metadata. */
  public static void save(Trainer trainer, Path file, Map<String, String> provenance) {
    save(trainer.model(), trainer.optimizer(), trainer.step(), trainer.config(), file, provenance);
  }

  /**
   * Writes a training state of any trainer (the classification trainer, the segmentation one):
   * the model's weights, the optimizer's moments, the step reached and the training config.
   */
  public static void save(YShapedVit model, Optimizer optimizer, long step, Object trainConfig,
      Path file, Map<String, String> provenance) {
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    model.weights().toTensors().forEach((k, v) -> tensors.put("model." + k, v));
    Map<String, String> meta = new LinkedHashMap<>();
    OptimizerState.save(optimizer, tensors, meta);
    meta.put("format", FORMAT);
    meta.put("format_version", "1");
    meta.put("config", GSON.toJson(model.config()));
    meta.put("train_config", GSON.toJson(trainConfig));
    meta.put("step", Long.toString(step));
    provenance.forEach(meta::putIfAbsent);
    Safetensors.write(file, tensors, meta);
  }

  /** The saved state of a file, checked to be a training state. */
  public static Safetensors.Contents read(Path file) {
    Safetensors.Contents c = Safetensors.read(file);
    if (!FORMAT.equals(c.metadata().get("format"))) {
      throw new IllegalArgumentException(file + " is not a ttt4j training state (format="
          + c.metadata().get("format") + "); --resume takes the output folder of a `ttt4j train`"
          + " run");
    }
    return c;
  }

  public static MaeConfig modelConfig(Safetensors.Contents c) {
    return GSON.fromJson(c.metadata().get("config"), MaeConfig.class);
  }

  public static TrainConfig trainConfig(Safetensors.Contents c) {
    return trainConfig(c, TrainConfig.class);
  }

  /** The training config saved with the state, as the trainer that wrote it names it. */
  public static <T> T trainConfig(Safetensors.Contents c, Class<T> type) {
    return GSON.fromJson(c.metadata().get("train_config"), type);
  }

  /** Copies weights, optimizer state and step into a trainer built from the saved configs. */
  public static void restore(Safetensors.Contents c, Trainer trainer, Path file) {
    trainer.setStep(restore(c, trainer.model(), trainer.optimizer(), file));
  }

  /**
   * Copies the saved weights and optimizer state into {@code model} and {@code optimizer};
   * returns the step they were saved at.
   */
  public static long restore(Safetensors.Contents c, YShapedVit model, Optimizer optimizer,
      Path file) {
    Map<String, Safetensors.Tensor> weights = new LinkedHashMap<>();
    c.tensors().forEach((k, v) -> {
      if (k.startsWith("model.")) {
        weights.put(k.substring(6), v);
      }
    });
    model.weights().load(weights, "training state " + file);
    OptimizerState.restore(optimizer, c, "training state " + file,
        "was it written by another mode?");
    return Long.parseLong(c.metadata().get("step"));
  }

  /** Saves the model alone as a ttt4j checkpoint (what `ttt4j test` and TTT load). */
  public static void exportModel(Trainer trainer, Path file, Map<String, String> provenance) {
    Checkpoint.save(trainer.model(), file, provenance);
  }
}
