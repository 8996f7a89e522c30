package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.Weights;
import org.ttt4j.model.YShapedVit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ttt4j info [preset|checkpoint|run folder]}: config, parameter counts per group,
 * provenance; the shipped model when no MODEL is given.
 */
@Command(name = "info", description = "Show a preset's or checkpoint's config, parameter counts"
    + " per group and provenance (the shipped model when no MODEL is given).")
final class InfoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
      description = "A preset (${COMPLETION-CANDIDATES}), a checkpoint file or a run folder"
          + " (default: the shipped model).",
      completionCandidates = Presets.class)
  String model;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    MaeConfig config;
    Map<String, String> provenance = Map.of();
    if (model != null && MaeConfig.PRESETS.contains(model) && !Files.exists(Path.of(model))) {
      config = MaeConfig.preset(model);
      out.println("preset " + model);
    } else {
      Path file;
      try {
        file = ModelOption.resolve(model);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage()
            + "; or give a preset: " + String.join(", ", MaeConfig.PRESETS));
      }
      Safetensors.Contents contents = Safetensors.read(file);
      config = Checkpoint.config(contents, file);
      provenance = contents.metadata();
      out.println("checkpoint " + file);
    }
    out.println("config  " + config);
    out.printf("patches L=%d (grid %dx%d), visible %d at mask ratio %.2f%n", config.numPatches(),
        config.gridSize(), config.gridSize(), config.numKept(), config.maskRatio());
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = YShapedVit.create(config, m, 0)) {
      Weights w = vit.weights();
      long all = w.count(new ParamGroup.All());
      long encoder = w.count(new ParamGroup.Encoder());
      long mae = w.count(new ParamGroup.EncoderDecoder());
      long head = w.count(new ParamGroup.Head());
      out.printf("parameters  total %,d%n", all);
      out.printf("  encoder + mask token (TTT default) %,d%n", encoder);
      out.printf("  decoder                            %,d%n", mae - encoder);
      out.printf("  head (%s)                      %,d%n", config.head(), head);
      out.printf("  norms only                         %,d%n", w.count(new ParamGroup.NormsOnly()));
    }
    provenance.forEach((k, v) -> {
      if (!k.equals("config")) {
        out.println("provenance  " + k + " = " + v);
      }
    });
    return 0;
  }

  /** Completion candidates for picocli help. */
  static final class Presets implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return MaeConfig.PRESETS.iterator();
    }
  }
}
