package org.ttt4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
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

  @Option(names = "--out", required = true, description = "ttt4j checkpoint to write.")
  Path out;

  @Option(names = "--config", defaultValue = "auto", description = "auto (infer from the shapes)"
      + " or a preset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      completionCandidates = Presets.class)
  String config;

  @Option(names = "--heads", defaultValue = "0",
      description = "Encoder attention heads (not in the shapes; default: from a matching preset,"
          + " else 64 dims per head).")
  int heads;

  @Option(names = "--decoder-heads", defaultValue = "0",
      description = "Decoder attention heads (default: from a matching preset, else 32 dims per"
          + " head).")
  int decoderHeads;

  @Option(names = "--seed", defaultValue = "0",
      description = "Seed of a fresh head when the file has none (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--time-step", description = "Then time one TTT step (B=1, SGD on the encoder,"
      + " as `ttt4j bench step`) on the imported model: median of at least 5 steps and 8 s.")
  boolean timeStep;

  @Override
  public Integer call() {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalArgumentException("checkpoint " + file + " does not exist; give a .pth"
          + " written by torch.save or a .safetensors file");
    }
    MaeConfig given = config.equals("auto") ? null : MaeConfig.preset(config);
    RunManifest manifest = RunManifest.start(spec.commandLine().getParseResult().originalArgs(),
        Map.of("import", Map.of("config", config, "heads", heads, "decoderHeads", decoderHeads)),
        seed, Map.of(file.getFileName().toString(), Digests.sha256(file)));
    List<String> notes = CheckpointImport.convert(file, out,
        new CheckpointImport.Options(given, heads, decoderHeads, seed), manifest.asMetadata());
    PrintWriter o = spec.commandLine().getOut();
    notes.forEach(n -> o.println("  " + n));
    o.println("wrote " + out);
    if (timeStep) {
      o.printf("TTT step (B=1) on %s: median %.4f s%n", out, medianStep(out));
    }
    return 0;
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
      return new Timer(3, 5, 8, 200).time(() -> adapter.step(view)).median();
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
