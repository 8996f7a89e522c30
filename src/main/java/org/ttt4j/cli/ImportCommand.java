package org.ttt4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttt4j.bench.Timer;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.model.io.CheckpointImport;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.provenance.Digests;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.ttt.Adapter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ttt4j import}: a PyTorch .pth or Hugging Face ViT-MAE safetensors → ttt4j checkpoint. */
@Command(name = "import", description = "Convert MAE weights from PyTorch (.pth: official MAE,"
    + " TTT-MAE) or Hugging Face (ViTMAEForPreTraining .safetensors) into a ttt4j checkpoint."
    + " The file's code is never run: only state-dict contents are accepted.")
final class ImportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .pth or .safetensors file.")
  Path file;

  @Option(names = "--out", required = true, description = "ttt4j checkpoint to write (a"
      + " safetensors file, e.g. model.safetensors).")
  Path out;

  @Option(names = "--config", defaultValue = "auto", description = "auto (the config a ttt4j"
      + " export stored in the file, else inferred from the shapes) or a preset:"
      + " ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      completionCandidates = Presets.class)
  String config;

  // Integer, not int: null is "not given" (inferred), so an explicit 0 is refused, not taken as
  // "infer"
  @Option(names = "--heads",
      description = "Encoder attention heads (not in the shapes; default: the --config preset's,"
          + " else a matching preset's, else 64 dims per head).")
  Integer heads;

  @Option(names = "--decoder-heads",
      description = "Decoder attention heads (default: the --config preset's, else a matching"
          + " preset's, else 32 dims per head).")
  Integer decoderHeads;

  @Option(names = "--mean", split = ",", paramLabel = "M",
      description = "Input normalisation mean per channel, e.g. 0.4914,0.4822,0.4465 (not in the"
          + " weights; default: the --config preset's, else a matching preset's, else ImageNet's"
          + " for RGB and 0.5 for grey).")
  double[] mean;

  @Option(names = "--std", split = ",", paramLabel = "S",
      description = "Input normalisation std per channel (default: as --mean).")
  double[] std;

  @Option(names = "--mask-ratio", paramLabel = "R",
      description = "MAE mask ratio stored with the model, in [0, 1) (default: the preset's, else"
          + " 0.75).")
  Double maskRatio;

  // Boolean with arity 1: a value is required (picocli refuses one other than true/false), and
  // null is "not given"
  @Option(names = "--norm-pix-loss", arity = "1", paramLabel = "true|false",
      description = "Whether the model was trained with MAE's loss on per-patch normalised pixels"
          + " (not in the weights; default: the config the file stores or --config names, else"
          + " on, as in MAE and every preset).")
  Boolean normPixLoss;

  @Option(names = "--seed", defaultValue = "0",
      description = "Seed of a fresh head when the file has none (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--time-step", description = "Then time one TTT step (B=1, SGD on the encoder,"
      + " as `ttt4j bench step`) on the imported model: median of at least 5 steps and 8 s, or of"
      + " 200 steps when those take less (as the reference times a step).")
  boolean timeStep;

  @Override
  public Integer call() {
    checkHeads("--heads", heads);
    checkHeads("--decoder-heads", decoderHeads);
    int encoderHeads = heads == null ? 0 : heads;           // 0: CheckpointImport infers it
    int decHeads = decoderHeads == null ? 0 : decoderHeads;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("checkpoint " + file + " does not exist; give a .pth"
          + " written by torch.save or a .safetensors file");
    }
    OutFile.requireNotFolder(spec, out, "model.safetensors");
    requireSafetensorsName();
    requireOtherThanInput();
    MaeConfig given = config.equals("auto") ? null
        : OptionValues.check(spec, () -> MaeConfig.preset(config));
    RunManifest manifest = RunManifest.start(spec.commandLine().getParseResult().originalArgs(),
        Map.of("import", importRecipe(encoderHeads, decHeads)),
        seed, Map.of(file.getFileName().toString(), Digests.sha256(file)));
    List<String> notes;
    try {
      notes = CheckpointImport.convert(file, out,
          new CheckpointImport.Options(given, encoderHeads, decHeads, seed, mean, std,
              maskRatio == null ? Double.NaN : maskRatio, normPixLoss), manifest.asMetadata());
    } catch (CheckpointImport.OptionMismatch e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter o = spec.commandLine().getOut();
    notes.forEach(n -> o.println("  " + n));
    o.println("wrote " + out);
    if (timeStep) {
      o.printf("TTT step (B=1) on %s: median %.4f s%n", out, medianStep(out));
    }
    return 0;
  }

  private Map<String, Object> importRecipe(int encoderHeads, int decHeads) {
    Map<String, Object> r = new java.util.LinkedHashMap<>();
    r.put("config", config);
    r.put("heads", encoderHeads);
    r.put("decoderHeads", decHeads);
    if (mean != null) {
      r.put("mean", mean);
    }
    if (std != null) {
      r.put("std", std);
    }
    if (maskRatio != null) {
      r.put("maskRatio", maskRatio);
    }
    if (normPixLoss != null) {
      r.put("normPixLoss", normPixLoss);
    }
    return r;
  }

  private void checkHeads(String option, Integer value) {
    if (value != null && value < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + value
          + " is not a head count; give 1 or more, or leave " + option + " out to infer it");
    }
  }

  /**
   * A ttt4j checkpoint is a safetensors file: written under a .pth name, every later reader (and
   * the user) would take it for a PyTorch file.
   */
  private void requireSafetensorsName() {
    String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".bin")
        || name.endsWith(".ckpt")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " names a"
          + " PyTorch file, but import writes a ttt4j checkpoint (safetensors); give --out "
          + otherName().getFileName() + ", and use `ttt4j export --format pth` for a .pth");
    }
  }

  /** Refuses to write the checkpoint over the file it is read from. */
  private void requireOtherThanInput() {
    boolean same;
    try {
      same = Files.exists(out) ? Files.isSameFile(file, out)
          : file.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compare " + file + " and " + out + ": "
          + e.getMessage(), e);
    }
    if (same) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is the"
          + " input file " + file + "; give another path, e.g. " + otherName());
    }
  }

  private Path otherName() {
    String name = out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return out.resolveSibling(stem + (name.endsWith(".safetensors") ? "-ttt4j" : "")
        + ".safetensors");
  }

  /** Median seconds of one B=1 TTT step on a checkpoint (lr 1e-2/256, momentum 0.9). */
  private static double medianStep(Path checkpoint) {
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = Checkpoint.load(checkpoint, m);
        Adapter adapter = new Adapter(model, new ParamGroup.Encoder(),
            OptimizerConfig.sgd(1e-2 / 256, 0.9, 0), model.config().maskRatio(), 0, 0);
        NDManager data = adapter.newScope()) {
      MaeConfig c = model.config();
      NDArray view = data.randomNormal(new Shape(1, c.channels(), c.imageSize(), c.imageSize()));
      return new Timer(3, 5, 8, BatchSweepOptions.MAX_STEPS).time(() -> adapter.step(view)).median();
    }
  }

  /** The preset names, for the help text. */
  static final class Presets implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return MaeConfig.PRESETS.iterator();
    }
  }
}
