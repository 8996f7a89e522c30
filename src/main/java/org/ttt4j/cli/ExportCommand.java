package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.model.io.CheckpointExport;
import org.ttt4j.model.io.NameScheme;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ttt4j export}: a ttt4j checkpoint → .pth or safetensors for PyTorch users. */
@Command(name = "export", description = "Write a ttt4j model as a PyTorch state dict (.pth,"
    + " loadable with torch.load(weights_only=True)) or safetensors, in official MAE/TTT-MAE"
    + " names or Hugging Face ViTMAEForPreTraining names.")
final class ExportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
      description = "Checkpoint or run folder (default: the shipped model).")
  String model;

  @Option(names = "--format", required = true,
      description = "pth or safetensors.", converter = FormatConverter.class)
  CheckpointExport.Format format;

  @Option(names = "--names", defaultValue = "official", converter = NamesConverter.class,
      description = "official (MAE/TTT-MAE, keeps the head) or huggingface (no head)"
          + " (default: ${DEFAULT-VALUE}).")
  NameScheme names;

  @Option(names = "--out", required = true, description = "File to write.")
  Path out;

  @Override
  public Integer call() {
    OutFile.requireNotFolder(spec, out,
        format == CheckpointExport.Format.PTH ? "model.pth" : "model.safetensors");
    checkExtension();
    Path file = ModelOption.resolve(model);
    PrintWriter o = spec.commandLine().getOut();
    try (NDManager m = NDManager.newBaseManager(); YShapedVit vit = Checkpoint.load(file, m)) {
      CheckpointExport.export(vit, out, format, names).forEach(n -> o.println("  " + n));
    }
    o.println("wrote " + out);
    return 0;
  }

  /** A .safetensors name on a zip (or .pth on safetensors) misleads every later reader. */
  private void checkExtension() {
    String name = out.getFileName().toString();
    boolean pthName = name.endsWith(".pth") || name.endsWith(".pt");
    boolean pth = format == CheckpointExport.Format.PTH;
    String given = pth ? "pth" : "safetensors";
    String other = pth ? "safetensors" : "pth";
    if (pth ? name.endsWith(".safetensors") : pthName) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " names a "
          + (pth ? "safetensors" : "PyTorch") + " file but --format is " + given + "; give --out"
          + " with ." + given + " or --format " + other);
    }
  }

  static final class FormatConverter implements CommandLine.ITypeConverter<CheckpointExport.Format> {
    @Override
    public CheckpointExport.Format convert(String s) {
      return switch (s) {
        case "pth" -> CheckpointExport.Format.PTH;
        case "safetensors" -> CheckpointExport.Format.SAFETENSORS;
        default -> throw new CommandLine.TypeConversionException(
            "unknown format '" + s + "'; use pth or safetensors");
      };
    }
  }

  static final class NamesConverter implements CommandLine.ITypeConverter<NameScheme> {
    @Override
    public NameScheme convert(String s) {
      return switch (s) {
        case "official" -> NameScheme.OFFICIAL;
        case "huggingface", "hf" -> NameScheme.HUGGING_FACE;
        default -> throw new CommandLine.TypeConversionException(
            "unknown names '" + s + "'; use official or huggingface");
      };
    }
  }
}
