package org.ttt4j.model.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
    List<String> notes = new ArrayList<>();
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
        notes.addAll(notInferred(c, official));
      }
    }
    return notes;
  }

  /**
   * What of {@code c} an import of these (official-named) tensors would get wrong: the settings
   * that are not in the shapes, as {@link ConfigInference} fills them in. A note with the {@code
   * ttt4j import} options that restore the heads, normalisation, mask ratio and norm-pix loss;
   * none when the import gets all.
   */
  private static List<String> notInferred(MaeConfig c, Map<String, Safetensors.Tensor> official) {
    List<String> lost = new ArrayList<>();
    List<String> options = new ArrayList<>();
    MaeConfig g;
    try {
      g = ConfigInference.infer(official, 0, 0, new ArrayList<>());
    } catch (IllegalArgumentException e) {        // widths off the 64/32 dims-per-head rule
      g = ConfigInference.infer(official, c.numHeads(), c.decoderNumHeads(), new ArrayList<>());
      lost.add("no attention heads (it needs --heads " + c.numHeads() + " --decoder-heads "
          + c.decoderNumHeads() + ")");
      options.add("--heads " + c.numHeads() + " --decoder-heads " + c.decoderNumHeads());
    }
    if (g.numHeads() != c.numHeads() || g.decoderNumHeads() != c.decoderNumHeads()) {
      lost.add(g.numHeads() + "/" + g.decoderNumHeads() + " attention heads, not this model's"
          + " --heads " + c.numHeads() + " --decoder-heads " + c.decoderNumHeads());
      options.add("--heads " + c.numHeads() + " --decoder-heads " + c.decoderNumHeads());
    }
    if (!Arrays.equals(g.mean(), c.mean()) || !Arrays.equals(g.std(), c.std())) {
      lost.add("normalisation " + Arrays.toString(g.mean()) + "/" + Arrays.toString(g.std())
          + ", not this model's " + Arrays.toString(c.mean()) + "/" + Arrays.toString(c.std()));
      options.add("--mean " + commaList(c.mean()) + " --std " + commaList(c.std()));
    }
    if (g.maskRatio() != c.maskRatio()) {
      lost.add("mask ratio " + g.maskRatio() + ", not this model's " + c.maskRatio());
      options.add("--mask-ratio " + c.maskRatio());
    }
    if (g.normPixLoss() != c.normPixLoss()) {
      lost.add("the norm-pix loss (MAE's loss on per-patch normalised pixels) "
          + onOff(g.normPixLoss()) + ", not this model's " + onOff(c.normPixLoss()));
      options.add("--norm-pix-loss " + c.normPixLoss());
    }
    if (lost.isEmpty()) {
      return List.of();
    }
    return List.of("config: a .pth holds only weights, and `ttt4j import` infers from their shapes "
        + String.join(", ", lost) + "; import it with " + String.join(" ", options)
        + ", or export --format safetensors, which keeps the config");
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  /** {@code 0.2,0.3}: values as {@code ttt4j import}'s {@code --mean}/{@code --std} take them. */
  private static String commaList(double[] values) {
    return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
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
