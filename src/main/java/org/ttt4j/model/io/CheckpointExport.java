package org.ttt4j.model.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.PosEmbed;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;

/**
 * Writes a ttt4j model for PyTorch users: a {@code .pth} state dict that
 * {@code torch.load(f, weights_only=True)} reads and an official-named MAE (plus TTT-MAE's
 * {@code bn}/{@code head}) loads with {@code strict=True}, or a safetensors file in official or
 * Hugging Face names. The fixed sin-cos tables are written too, as official checkpoints hold them.
 */
public final class CheckpointExport {

  /** The container written. */
  public enum Format { PTH, SAFETENSORS }

  private CheckpointExport() {}

  /** Exports {@code model} to {@code out}; returns notes on what was left out, if anything. */
  public static List<String> export(YShapedVit model, Path out, Format format, NameScheme names) {
    MaeConfig c = model.config();
    Map<String, Safetensors.Tensor> t = withTables(model);
    Map<String, Safetensors.Tensor> official = new LinkedHashMap<>(t);
    List<String> notes = new java.util.ArrayList<>();
    if (names == NameScheme.HUGGING_FACE) {
      if (t.keySet().removeIf(CheckpointImport::isHead)) {
        notes.add("head: left out (ViTMAEForPreTraining has no classification head); export"
            + " with --names official to keep it");
      }
      t = NameScheme.toHuggingFace(t);
    } else if (format == Format.PTH && c.head() == HeadType.LINEAR) {
      t.put("bn.num_batches_tracked", new Safetensors.Tensor(new long[0], new float[] {0}));
    }
    switch (format) {
      // "format": "pt" is what Hugging Face writes; the config rides along for `ttt4j import`
      case SAFETENSORS -> Safetensors.write(out, t, Map.of("format", "pt",
          CheckpointImport.CONFIG_KEY, new com.google.gson.Gson().toJson(c)));
      case PTH -> {
        PthWriter.write(out, t, Set.of("bn.num_batches_tracked"));
        String lost = notInferred(c, official);
        if (!lost.isEmpty()) {
          notes.add("config: a .pth holds only weights, and `ttt4j import` infers from their"
              + " shapes " + lost + "; give those to import, or export --format safetensors,"
              + " which keeps the config");
        }
      }
    }
    return notes;
  }

  /**
   * What of {@code c} an import of these (official-named) tensors would get wrong: the settings
   * that are not in the shapes, as {@link ConfigInference} fills them in. "" when it gets all.
   */
  private static String notInferred(MaeConfig c, Map<String, Safetensors.Tensor> official) {
    List<String> lost = new java.util.ArrayList<>();
    MaeConfig g;
    try {
      g = ConfigInference.infer(official, 0, 0, new java.util.ArrayList<>());
    } catch (IllegalArgumentException e) {        // widths off the 64/32 dims-per-head rule
      g = ConfigInference.infer(official, c.numHeads(), c.decoderNumHeads(),
          new java.util.ArrayList<>());
      lost.add("no attention heads (it needs --heads " + c.numHeads() + " --decoder-heads "
          + c.decoderNumHeads() + ")");
    }
    if (g.numHeads() != c.numHeads() || g.decoderNumHeads() != c.decoderNumHeads()) {
      lost.add(g.numHeads() + "/" + g.decoderNumHeads() + " attention heads, not this model's"
          + " --heads " + c.numHeads() + " --decoder-heads " + c.decoderNumHeads());
    }
    if (!java.util.Arrays.equals(g.mean(), c.mean()) || !java.util.Arrays.equals(g.std(), c.std())) {
      lost.add("normalisation " + java.util.Arrays.toString(g.mean()) + "/"
          + java.util.Arrays.toString(g.std()) + ", not this model's "
          + java.util.Arrays.toString(c.mean()) + "/" + java.util.Arrays.toString(c.std()));
    }
    if (g.maskRatio() != c.maskRatio() || g.normPixLoss() != c.normPixLoss()) {
      lost.add("mask ratio " + g.maskRatio() + (g.normPixLoss() ? " with" : " without")
          + " norm-pix loss, not " + c.maskRatio() + (c.normPixLoss() ? " with" : " without"));
    }
    return String.join(", ", lost);
  }

  /** The model's tensors with the fixed sin-cos tables where official checkpoints have them. */
  private static Map<String, Safetensors.Tensor> withTables(YShapedVit model) {
    MaeConfig c = model.config();
    Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
    model.weights().toTensors().forEach((name, x) -> {
      t.put(name, x);
      if (name.equals("cls_token")) {
        t.put("pos_embed", table(c.embedDim(), c));
      } else if (name.equals("mask_token")) {
        t.put("decoder_pos_embed", table(c.decoderEmbedDim(), c));
      }
    });
    return t;
  }

  private static Safetensors.Tensor table(int width, MaeConfig c) {
    return new Safetensors.Tensor(new long[] {1, 1 + c.numPatches(), width},
        PosEmbed.sinCos2d(width, c.gridSize()));
  }
}
