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
    Safetensors.Header header = null;
    String fits = "";
    Path file = null;
    if (model != null && MaeConfig.PRESETS.contains(model) && !Files.exists(Path.of(model))) {
      config = MaeConfig.preset(model);
      out.println("preset " + model);
    } else {
      try {
        file = ModelOption.resolve(model);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage()
            + "; or give a preset: " + String.join(", ", MaeConfig.PRESETS));
      }
      header = Safetensors.readHeader(file);      // the weights themselves are not read
      config = Checkpoint.config(header.metadata(), file);
      provenance = header.metadata();
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
      if (header != null) {
        fits = stored(header, w);
        out.println("weights " + fits);
      }
    }
    provenance.forEach((k, v) -> {
      if (!k.equals("config")) {
        out.println("provenance  " + k + " = " + v);
      }
    });
    if (fits.startsWith(NO_FIT)) {
      spec.commandLine().getErr().println("ttt4j: the weights in " + file + " " + fits);
      return 1;
    }
    return 0;
  }

  /**
   * Whether the file's tensors are the ones its config needs (names and shapes, from the header):
   * a checkpoint that another tool rewrote, or whose config was edited, loads with an error that
   * info then announces.
   */
  private static String stored(Safetensors.Header header, Weights w) {
    Map<String, long[]> want = new java.util.LinkedHashMap<>();
    w.all().forEach((name, a) -> want.put(name, a.getShape().getShape()));
    java.util.List<String> missing = new java.util.ArrayList<>();
    java.util.List<String> misShaped = new java.util.ArrayList<>();
    want.forEach((name, shape) -> {
      Safetensors.Entry e = header.entries().get(name);
      if (e == null) {
        missing.add(name);
      } else if (!java.util.Arrays.equals(e.shape(), shape)) {
        misShaped.add(name + " " + java.util.Arrays.toString(e.shape()) + " (config: "
            + java.util.Arrays.toString(shape) + ")");
      }
    });
    java.util.List<String> unexpected = header.entries().keySet().stream()
        .filter(n -> !want.containsKey(n)).toList();
    if (missing.isEmpty() && misShaped.isEmpty() && unexpected.isEmpty()) {
      java.util.Set<String> dtypes = new java.util.TreeSet<>();
      header.entries().values().forEach(e -> dtypes.add(e.dtype()));
      return header.entries().size() + " tensors (" + String.join(", ", dtypes) + "), each"
          + " with the shape the config needs";
    }
    return NO_FIT + " the config (the model will not load):"
        + (missing.isEmpty() ? "" : " missing " + first(missing) + ";")
        + (misShaped.isEmpty() ? "" : " other shape " + first(misShaped) + ";")
        + (unexpected.isEmpty() ? "" : " unexpected " + first(unexpected) + ";");
  }

  private static final String NO_FIT = "DO NOT FIT";

  private static String first(java.util.List<String> names) {
    return names.size() + " " + (names.size() <= 5 ? names
        : names.subList(0, 5) + " and " + (names.size() - 5) + " more");
  }

  /** Completion candidates for picocli help. */
  static final class Presets implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return MaeConfig.PRESETS.iterator();
    }
  }
}
