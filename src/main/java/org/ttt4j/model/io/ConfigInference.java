package org.ttt4j.model.io;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;

/**
 * The {@link MaeConfig} that a state dict's shapes (official names) imply. Widths, depths, patch
 * and image size, channels, MLP ratio, classes and head type follow from the shapes; the numbers
 * of attention heads do not, so they come from a preset with the same shapes, or from the
 * caller, or from the ViT/MAE convention (64 dims per encoder head, 32 per decoder head).
 */
final class ConfigInference {

  private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
  private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};
  private static final Pattern BLOCK = Pattern.compile("(blocks|decoder_blocks|head\\.blocks)\\.(\\d+)\\..*");

  private ConfigInference() {}

  /**
   * The config of {@code t}; {@code heads} and {@code decoderHeads} override the head counts when
   * positive. {@code notes} receives what was guessed.
   */
  static MaeConfig infer(Map<String, Safetensors.Tensor> t, int heads, int decoderHeads,
      List<String> notes) {
    long[] pe = require(t, "patch_embed.proj.weight", 4);          // [D, C, p, p]
    int d = (int) pe[0];
    int channels = (int) pe[1];
    int patch = (int) pe[2];
    int grid = grid(t);
    long[] de = require(t, "decoder_embed.weight", 2);             // [Dd, D]
    int dd = (int) de[0];
    long[] fc1 = require(t, "blocks.0.mlp.fc1.weight", 2);         // [ratio * D, D]
    int mlpRatio = (int) (fc1[0] / d);
    int depth = count(t, "blocks");
    int decoderDepth = count(t, "decoder_blocks");
    boolean vitProbe = t.containsKey("head.fc.weight");
    long[] head = t.containsKey("head.weight") ? t.get("head.weight").shape()
        : vitProbe ? t.get("head.fc.weight").shape() : null;
    HeadType headType = vitProbe ? HeadType.VIT_PROBE : HeadType.LINEAR;
    int probeDepth = vitProbe ? count(t, "head.blocks") : 1;

    for (String name : MaeConfig.PRESETS) {
      MaeConfig p = MaeConfig.preset(name);
      if (p.embedDim() == d && p.channels() == channels && p.patchSize() == patch
          && p.gridSize() == grid && p.decoderEmbedDim() == dd && p.mlpRatio() == mlpRatio
          && p.depth() == depth && p.decoderDepth() == decoderDepth) {
        notes.add("config: the shapes are those of preset " + name);
        int classes = head == null ? p.numClasses() : (int) head[0];
        return new MaeConfig(p.imageSize(), patch, channels, d, depth,
            heads > 0 ? heads : p.numHeads(), dd, decoderDepth,
            decoderHeads > 0 ? decoderHeads : p.decoderNumHeads(), mlpRatio, p.maskRatio(),
            p.normPixLoss(), classes, headType, probeDepth, p.mean(), p.std());
      }
    }
    int h = heads > 0 ? heads : guessHeads(d, 64, "encoder", "--heads");
    int hd = decoderHeads > 0 ? decoderHeads : guessHeads(dd, 32, "decoder", "--decoder-heads");
    if (heads <= 0 || decoderHeads <= 0) {
      notes.add("config: attention heads are not in the shapes; using " + h + " encoder and "
          + hd + " decoder heads (" + d / h + " and " + dd / hd + " dims per head); give"
          + " --heads/--decoder-heads if the model was trained with others");
    }
    int classes = head == null ? 1000 : (int) head[0];
    double[] mean = channels == 3 ? IMAGENET_MEAN : new double[] {0.5};
    double[] std = channels == 3 ? IMAGENET_STD : new double[] {0.5};
    notes.add("config: input normalisation " + java.util.Arrays.toString(mean) + " / "
        + java.util.Arrays.toString(std) + " assumed (it is not stored in the weights)");
    return new MaeConfig(grid * patch, patch, channels, d, depth, h, dd, decoderDepth, hd,
        mlpRatio, 0.75, true, classes, headType, probeDepth, mean, std);
  }

  private static int guessHeads(int width, int perHead, String what, String option) {
    if (width % perHead == 0) {
      return width / perHead;
    }
    throw new IllegalArgumentException("cannot infer the number of " + what + " attention heads"
        + " for width " + width + " (not a multiple of " + perHead + "); give " + option
        + " or --config <preset>");
  }

  private static int grid(Map<String, Safetensors.Tensor> t) {
    for (String name : new String[] {"pos_embed", "decoder_pos_embed"}) {
      if (t.containsKey(name)) {
        long tokens = t.get(name).shape()[1] - 1;                  // [1, 1 + L, D]
        int g = (int) Math.round(Math.sqrt(tokens));
        if ((long) g * g != tokens) {
          throw new IllegalArgumentException(name + " has " + tokens + " patch positions, not a"
              + " square grid; only square images are supported");
        }
        return g;
      }
    }
    throw new IllegalArgumentException("the file has no pos_embed, so the image size is unknown;"
        + " give --config <preset> (" + String.join(", ", MaeConfig.PRESETS) + ")");
  }

  private static int count(Map<String, Safetensors.Tensor> t, String prefix) {
    int n = 0;
    for (String k : t.keySet()) {
      Matcher m = BLOCK.matcher(k);
      if (m.matches() && m.group(1).equals(prefix)) {
        n = Math.max(n, Integer.parseInt(m.group(2)) + 1);
      }
    }
    if (n == 0 && !prefix.equals("head.blocks")) {
      throw new IllegalArgumentException("the file has no " + prefix + ".N.* tensors; it is not a"
          + " MAE with " + (prefix.equals("blocks") ? "an encoder" : "a decoder")
          + " (an encoder-only checkpoint cannot do test-time training)");
    }
    return n;
  }

  private static long[] require(Map<String, Safetensors.Tensor> t, String name, int rank) {
    Safetensors.Tensor x = t.get(name);
    if (x == null || x.shape().length != rank) {
      throw new IllegalArgumentException("the file has no " + name + " of rank " + rank
          + (x == null ? "" : " (it has shape " + java.util.Arrays.toString(x.shape()) + ")")
          + "; it is not a MAE in the official or Hugging Face layout");
    }
    return x.shape();
  }
}
