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
 * and image size, channels, MLP ratio, classes and head type (linear, ViT probe, dense) follow
 * from the shapes; the numbers of attention heads do not, so they come from a preset with the same
 * shapes (head type included where the file has a head), or from the caller, or from the ViT/MAE
 * convention (64 dims per encoder head, 32 per decoder head).
 */
final class ConfigInference {

  private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
  private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};
  private static final Pattern BLOCK = Pattern.compile("(blocks|decoder_blocks|head\\.blocks)\\.(\\d+)\\..*");

  private ConfigInference() {}

  /**
   * What the shapes of a state dict (official names) say, without the attention head counts.
   * {@code head} is null when the file has no main-task head (then {@code classes} is 0). A
   * {@code head.fc} without {@code head.blocks} whose rows are a multiple of p*p is read as the
   * dense head (p*p*K rows), not as a ViT probe without blocks (K rows).
   */
  record Shapes(int imageSize, int patchSize, int channels, int embedDim, int depth,
      int decoderEmbedDim, int decoderDepth, int mlpRatio, HeadType head, int classes,
      int probeDepth) {

    static Shapes of(Map<String, Safetensors.Tensor> t) {
      long[] pe = require(t, "patch_embed.proj.weight", 4);        // [D, C, p, p]
      int d = (int) pe[0];
      int patch = (int) pe[2];
      requireDecoder(t);
      long[] de = require(t, "decoder_embed.weight", 2);           // [Dd, D]
      long[] fc1 = require(t, "blocks.0.mlp.fc1.weight", 2);       // [ratio * D, D]
      int probeDepth = count(t, "head.blocks");
      HeadType head = null;
      int classes = 0;
      if (t.containsKey("head.weight")) {                           // [K, D] after BatchNorm
        head = HeadType.LINEAR;
        classes = (int) t.get("head.weight").shape()[0];
      } else if (t.containsKey("head.fc.weight")) {
        int rows = (int) t.get("head.fc.weight").shape()[0];
        // DenseHead: head.norm + head.fc [p*p*K, D] per patch, no blocks; a ViT probe: [K, D]
        boolean dense = probeDepth == 0 && rows % (patch * patch) == 0;
        head = dense ? HeadType.DENSE : HeadType.VIT_PROBE;
        classes = dense ? rows / (patch * patch) : rows;
      }
      return new Shapes(grid(t) * patch, patch, (int) pe[1], d, count(t, "blocks"),
          (int) de[0], count(t, "decoder_blocks"), (int) (fc1[0] / d), head, classes,
          head == HeadType.VIT_PROBE ? probeDepth : head == HeadType.DENSE ? 0 : 1);
    }

    /** Whether {@code c}'s encoder and decoder have these shapes (the head aside). */
    boolean backboneOf(MaeConfig c) {
      return c.embedDim() == embedDim && c.channels() == channels && c.patchSize() == patchSize
          && c.imageSize() == imageSize && c.decoderEmbedDim() == decoderEmbedDim
          && c.mlpRatio() == mlpRatio && c.depth() == depth && c.decoderDepth() == decoderDepth;
    }

    /** Whether {@code c} has these shapes, head included (any head fits a file without one). */
    boolean fit(MaeConfig c) {
      return backboneOf(c) && (head == null || head == c.head() && classes == c.numClasses()
          && (head != HeadType.VIT_PROBE || probeDepth == c.probeDepth()));
    }

    /** These shapes in {@link MaeConfig}'s words; "?" for head counts not given (0). */
    String describe(int heads, int decoderHeads) {
      return "image=" + imageSize + "x" + imageSize + "x" + channels + ", patch=" + patchSize
          + ", encoder=" + embedDim + "/" + depth + "/" + (heads > 0 ? heads : "?")
          + ", decoder=" + decoderEmbedDim + "/" + decoderDepth + "/"
          + (decoderHeads > 0 ? decoderHeads : "?") + ", mlpRatio=" + mlpRatio
          + (head == null ? ", no head"
              : ", classes=" + classes + ", head=" + head
                  + (head == HeadType.VIT_PROBE ? "(" + probeDepth + ")" : ""));
    }
  }

  /**
   * The config of {@code t}; {@code heads} and {@code decoderHeads} override the head counts when
   * positive. {@code notes} receives what was guessed.
   */
  static MaeConfig infer(Map<String, Safetensors.Tensor> t, int heads, int decoderHeads,
      List<String> notes) {
    Shapes s = Shapes.of(t);
    requireDivides("--heads", heads, "encoder", s.embedDim());
    requireDivides("--decoder-heads", decoderHeads, "decoder", s.decoderEmbedDim());
    String backbone = null;                 // a preset with these shapes but another head
    for (String name : MaeConfig.PRESETS) {
      MaeConfig p = MaeConfig.preset(name);
      if (!s.backboneOf(p)) {
        continue;
      }
      if (s.head() == null || s.head() == p.head()) {
        notes.add("config: the shapes are those of preset " + name + (s.head() != null ? ""
            : " (the file has no head: " + name + "'s " + p.head() + " head)"));
        return fromPreset(p, s, heads, decoderHeads);
      }
      backbone = backbone == null ? name : backbone;
    }
    if (backbone != null) {
      MaeConfig p = MaeConfig.preset(backbone);
      notes.add("config: the encoder and decoder are those of preset " + backbone + " (its head"
          + " counts and normalisation are used); the head is the file's " + s.head() + ", not "
          + backbone + "'s " + p.head());
      return fromPreset(p, s, heads, decoderHeads);
    }
    int d = s.embedDim();
    int dd = s.decoderEmbedDim();
    int h = heads > 0 ? heads : guessHeads(d, 64, "encoder", "--heads");
    int hd = decoderHeads > 0 ? decoderHeads : guessHeads(dd, 32, "decoder", "--decoder-heads");
    if (heads <= 0 || decoderHeads <= 0) {
      notes.add("config: attention heads are not in the shapes; using " + h + " encoder and "
          + hd + " decoder heads (" + d / h + " and " + dd / hd + " dims per head); give"
          + " --heads/--decoder-heads if the model was trained with others");
    }
    double[] mean = s.channels() == 3 ? IMAGENET_MEAN : new double[] {0.5};
    double[] std = s.channels() == 3 ? IMAGENET_STD : new double[] {0.5};
    notes.add("config: input normalisation " + java.util.Arrays.toString(mean) + " / "
        + java.util.Arrays.toString(std) + " assumed (it is not stored in the weights)");
    // mask ratio 0.75 and the norm-pix loss on: MAE's recipe, as every preset (neither is in the
    // weights; import's --mask-ratio and --norm-pix-loss override them)
    return new MaeConfig(s.imageSize(), s.patchSize(), s.channels(), d, s.depth(), h, dd,
        s.decoderDepth(), hd, s.mlpRatio(), 0.75, true, s.head() == null ? 1000 : s.classes(),
        s.head() == null ? HeadType.LINEAR : s.head(), s.head() == null ? 1 : s.probeDepth(),
        mean, std);
  }

  /** Preset {@code p} with the file's head (the preset's when the file has none). */
  private static MaeConfig fromPreset(MaeConfig p, Shapes s, int heads, int decoderHeads) {
    MaeConfig c = withHeads(p, heads, decoderHeads);
    return s.head() == null ? c
        : c.withNumClasses(s.classes()).withHead(s.head(), s.probeDepth());
  }

  /**
   * Config {@code c} (a preset asked for by name) with the given attention heads (0: keep
   * {@code c}'s), each checked against its width.
   */
  static MaeConfig withHeads(MaeConfig c, int heads, int decoderHeads) {
    requireDivides("--heads", heads, "encoder", c.embedDim());
    requireDivides("--decoder-heads", decoderHeads, "decoder", c.decoderEmbedDim());
    return new MaeConfig(c.imageSize(), c.patchSize(), c.channels(), c.embedDim(), c.depth(),
        heads > 0 ? heads : c.numHeads(), c.decoderEmbedDim(), c.decoderDepth(),
        decoderHeads > 0 ? decoderHeads : c.decoderNumHeads(), c.mlpRatio(), c.maskRatio(),
        c.normPixLoss(), c.numClasses(), c.head(), c.probeDepth(), c.mean(), c.std());
  }

  private static void requireDivides(String option, int heads, String what, int width) {
    if (heads > 0 && width % heads != 0) {
      throw new CheckpointImport.OptionMismatch(option + " " + heads + " does not divide the "
          + what + " width " + width + " of the file; give a divisor of " + width
          + ", or leave " + option + " out to infer it");
    }
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

  /**
   * Refuses an encoder without the MAE decoder by name: the MAE release's pretrained weights
   * ({@code mae_pretrain_vit_base.pth}) and every fine-tuned checkpoint hold only the encoder.
   */
  private static void requireDecoder(Map<String, Safetensors.Tensor> t) {
    if (t.keySet().stream().noneMatch(k -> k.startsWith("decoder_") || k.equals("mask_token"))) {
      throw new IllegalArgumentException("the file holds a ViT encoder (patch_embed, "
          + count(t, "blocks") + " blocks) but not the MAE decoder (decoder_embed, decoder_blocks,"
          + " decoder_pred, mask_token), as the MAE release's mae_pretrain_vit_*.pth and"
          + " fine-tuned checkpoints do; test-time training trains through the decoder: import a"
          + " checkpoint saved with it (the release's *_full.pth files, or a checkpoint-N.pth of"
          + " your own MAE pretraining)");
    }
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
