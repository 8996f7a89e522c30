package org.ttt4j.model;

import ai.djl.ndarray.types.Shape;

/**
 * The architecture of a Y-shaped MAE ViT: image and patch size, encoder, decoder, and the main-task
 * head (He et al., "Masked Autoencoders Are Scalable Vision Learners", 2021; Gandelsman et al.,
 * "Test-Time Training with Masked Autoencoders", 2022).
 *
 * @param imageSize side of the square input image, in pixels
 * @param patchSize side of a patch; must divide {@code imageSize}
 * @param channels 1 (grey) or 3 (RGB)
 * @param embedDim encoder width D
 * @param depth number of encoder blocks
 * @param numHeads encoder attention heads; must divide {@code embedDim}
 * @param decoderEmbedDim decoder width
 * @param decoderDepth number of decoder blocks
 * @param decoderNumHeads decoder attention heads
 * @param mlpRatio hidden width of every MLP relative to its block width (4 in ViT)
 * @param maskRatio fraction of patches removed for the MAE loss (0.75 in MAE)
 * @param normPixLoss whether the reconstruction target is normalised per patch (MAE's best)
 * @param numClasses classes of the main task
 * @param head which main-task head sits on the encoder
 * @param probeDepth ViT blocks in the {@link HeadType#VIT_PROBE} head (ignored for linear)
 * @param mean per-channel normalisation mean of the input pixels in [0,1]
 * @param std per-channel normalisation std
 */
public record MaeConfig(
    int imageSize,
    int patchSize,
    int channels,
    int embedDim,
    int depth,
    int numHeads,
    int decoderEmbedDim,
    int decoderDepth,
    int decoderNumHeads,
    int mlpRatio,
    double maskRatio,
    boolean normPixLoss,
    int numClasses,
    HeadType head,
    int probeDepth,
    double[] mean,
    double[] std) {

  /** LayerNorm epsilon of every block (MAE uses {@code partial(nn.LayerNorm, eps=1e-6)}). */
  public static final float LAYER_NORM_EPS = 1e-6f;

  /** BatchNorm epsilon of the linear head (TTT-MAE's {@code BatchNorm1d(affine=False, eps=1e-6)}). */
  public static final float BATCH_NORM_EPS = 1e-6f;

  public MaeConfig {
    require(imageSize > 0 && patchSize > 0, "imageSize and patchSize must be positive");
    if (imageSize % patchSize != 0) {
      int lower = imageSize - imageSize % patchSize;
      throw new IllegalArgumentException(
          "imageSize " + imageSize + " is not divisible by patchSize " + patchSize + "; use "
              + lower + " or " + (lower + patchSize) + ", or a patchSize that divides " + imageSize);
    }
    require(channels == 1 || channels == 3, "channels must be 1 or 3, got " + channels);
    requireHeads("embedDim", embedDim, "numHeads", numHeads);
    requireHeads("decoderEmbedDim", decoderEmbedDim, "decoderNumHeads", decoderNumHeads);
    require(embedDim % 4 == 0 && decoderEmbedDim % 4 == 0,
        "the 2-D sin-cos position embedding needs widths divisible by 4, got embedDim "
            + embedDim + ", decoderEmbedDim " + decoderEmbedDim);
    require(depth >= 1 && decoderDepth >= 1, "depth and decoderDepth must be at least 1");
    require(mlpRatio >= 1, "mlpRatio must be at least 1, got " + mlpRatio);
    require(maskRatio >= 0 && maskRatio < 1, "maskRatio must be in [0, 1), got " + maskRatio);
    int keep = (int) (numPatches(imageSize, patchSize) * (1 - maskRatio));
    require(keep >= 1, "maskRatio " + maskRatio + " keeps no patch; lower it");
    require(numClasses >= 1, "numClasses must be at least 1, got " + numClasses);
    require(head != null, "head type is required");
    require(probeDepth >= 0, "probeDepth must be >= 0, got " + probeDepth);
    require(mean != null && std != null && mean.length == channels && std.length == channels,
        "mean and std need one value per channel (" + channels + ")");
    for (double s : std) {
      require(s > 0, "std values must be positive");
    }
    mean = mean.clone();
    std = std.clone();
  }

  // ---------------------------------------------------------------- presets (named like MAE/timm)

  /**
   * Fashion-MNIST: 28x28x1, patch 4, encoder 192/6/3, decoder 128/2/4, a linear head (the shipped
   * model has this size, with a ViT-probe head).
   */
  public static MaeConfig fmnistTiny() {
    return new MaeConfig(28, 4, 1, 192, 6, 3, 128, 2, 4, 4, 0.75, true, 10,
        HeadType.LINEAR, 1, new double[] {0.2860}, new double[] {0.3530});
  }

  /**
   * Moving-Fashion-MNIST video segmentation: fmnist-tiny's encoder and decoder on 32x32 frames
   * (8x8 patches; the sin-cos positions are recomputed, so fmnist-tiny weights fit), a dense head,
   * 11 classes (background + 10 garments), mask 0.8 as seed 001.
   */
  public static MaeConfig fmnistVideo() {
    return new MaeConfig(32, 4, 1, 192, 6, 3, 128, 2, 4, 4, 0.8, true, 11,
        HeadType.DENSE, 0, new double[] {0.2860}, new double[] {0.3530});
  }

  /** Tiny-ImageNet: 64x64x3, patch 8, encoder 384/12/6, decoder 256/4/8, 200 classes. */
  public static MaeConfig tinSmall() {
    return new MaeConfig(64, 8, 3, 384, 12, 6, 256, 4, 8, 4, 0.75, true, 200,
        HeadType.LINEAR, 1, IMAGENET_MEAN.clone(), IMAGENET_STD.clone());
  }

  /** ViT-Base/16 at 224 with MAE's 512-wide, 8-block decoder (mae_vit_base_patch16_dec512d8b). */
  public static MaeConfig vitBase16() {
    return new MaeConfig(224, 16, 3, 768, 12, 12, 512, 8, 16, 4, 0.75, true, 1000,
        HeadType.LINEAR, 1, IMAGENET_MEAN.clone(), IMAGENET_STD.clone());
  }

  /** ViT-Large/16 at 224 with MAE's 512-wide, 8-block decoder (mae_vit_large_patch16_dec512d8b). */
  public static MaeConfig vitLarge16() {
    return new MaeConfig(224, 16, 3, 1024, 24, 16, 512, 8, 16, 4, 0.75, true, 1000,
        HeadType.LINEAR, 1, IMAGENET_MEAN.clone(), IMAGENET_STD.clone());
  }

  /** A tiny model for tests: 28x28 grey, patch 7, encoder 32/1/2, decoder 16/1/2. */
  public static MaeConfig micro() {
    return new MaeConfig(28, 7, 1, 32, 1, 2, 16, 1, 2, 4, 0.75, true, 10,
        HeadType.LINEAR, 1, new double[] {0.2860}, new double[] {0.3530});
  }

  /** The preset of a CLI name ({@code fmnist-tiny}, {@code tin-small}, {@code vit-base16}, ...). */
  public static MaeConfig preset(String name) {
    return switch (name) {
      case "fmnist-tiny" -> fmnistTiny();
      case "tin-small" -> tinSmall();
      case "vit-base16", "vit-base-224" -> vitBase16();
      case "vit-large16" -> vitLarge16();
      case "micro" -> micro();
      case "fmnist-video" -> fmnistVideo();
      default -> throw new IllegalArgumentException(
          "unknown preset '" + name + "'; valid: " + String.join(", ", PRESETS));
    };
  }

  /** Names accepted by {@link #preset(String)}. */
  public static final java.util.List<String> PRESETS =
      java.util.List.of("fmnist-tiny", "tin-small", "vit-base16", "vit-large16", "micro",
          "fmnist-video");

  private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
  private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

  // ---------------------------------------------------------------- derived sizes

  /** Patches per side, {@code imageSize / patchSize}. */
  public int gridSize() {
    return imageSize / patchSize;
  }

  /** L, the number of patches. */
  public int numPatches() {
    return numPatches(imageSize, patchSize);
  }

  /** Patches kept visible by the MAE mask: {@code int(L * (1 - maskRatio))}, as MAE. */
  public int numKept() {
    return numKept(maskRatio);
  }

  /**
   * Patches kept for a given mask ratio, {@code int(L * (1 - ratio))}.
   *
   * @throws IllegalArgumentException when {@code ratio} is outside [0, 1) or keeps no patch (an
   *     MAE loss needs at least one visible patch)
   */
  public int numKept(double ratio) {
    if (!(ratio >= 0 && ratio < 1)) {
      throw new IllegalArgumentException("mask ratio must be in [0, 1), got " + ratio);
    }
    int keep = (int) (numPatches() * (1 - ratio));
    if (keep < 1) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "mask ratio %s keeps none of the %d patches of a %dx%d image with %dx%d patches; use a"
              + " ratio of at most %.4f (1 - 1/%d)", ratio, numPatches(), imageSize, imageSize,
          patchSize, patchSize, 1 - 1.0 / numPatches(), numPatches()));
    }
    return keep;
  }

  /**
   * Refuses a batch this model cannot read. Its networks take normalised images {@code [N, C, H,
   * W]} with C = {@link #channels()} and H = W = {@link #imageSize()}; another size would fail
   * deep inside libtorch, or be read by the native kernels as other pixels.
   *
   * @param shape the shape of the batch
   * @throws IllegalArgumentException naming the shape, the one expected and how to get there
   */
  public void requireInput(Shape shape) {
    if (shape.dimension() == 4 && shape.get(0) >= 1 && shape.get(1) == channels
        && shape.get(2) == imageSize && shape.get(3) == imageSize) {
      return;               // every step and prediction passes here: no message is built
    }
    int side = imageSize;
    String kind = channels == 1 ? "grey" : "RGB";
    String wanted = "[N, " + channels + ", " + side + ", " + side + "] (" + side + "x" + side
        + " " + kind + " images)";
    if (shape.dimension() != 4 || shape.get(0) < 1) {
      throw new IllegalArgumentException("input batch has shape " + shape + ", but this model"
          + " takes " + wanted + "; stack one or more images as N, C, H, W");
    }
    if (shape.get(1) != channels) {
      throw new IllegalArgumentException("input images have " + shape.get(1) + " channel(s)"
          + " (shape " + shape + "), but this model takes " + wanted + "; convert them to "
          + kind + " first");
    }
    if (shape.get(2) != side || shape.get(3) != side) {
      throw new IllegalArgumentException("input images are " + shape.get(2) + "x" + shape.get(3)
          + " (shape " + shape + "), but this model takes " + wanted + "; resize or crop them to "
          + side + "x" + side + " first");
    }
  }

  /** Values per patch, p*p*C. */
  public int patchDim() {
    return patchSize * patchSize * channels;
  }

  public MaeConfig withHead(HeadType newHead, int newProbeDepth) {
    return new MaeConfig(imageSize, patchSize, channels, embedDim, depth, numHeads,
        decoderEmbedDim, decoderDepth, decoderNumHeads, mlpRatio, maskRatio, normPixLoss,
        numClasses, newHead, newProbeDepth, mean, std);
  }

  public MaeConfig withMaskRatio(double ratio) {
    return new MaeConfig(imageSize, patchSize, channels, embedDim, depth, numHeads,
        decoderEmbedDim, decoderDepth, decoderNumHeads, mlpRatio, ratio, normPixLoss,
        numClasses, head, probeDepth, mean, std);
  }

  /** This config with the reconstruction target normalised per patch, or not. */
  public MaeConfig withNormPixLoss(boolean on) {
    return new MaeConfig(imageSize, patchSize, channels, embedDim, depth, numHeads,
        decoderEmbedDim, decoderDepth, decoderNumHeads, mlpRatio, maskRatio, on,
        numClasses, head, probeDepth, mean, std);
  }

  /** This config with another input normalisation (one mean and std per channel). */
  public MaeConfig withNormalisation(double[] newMean, double[] newStd) {
    return new MaeConfig(imageSize, patchSize, channels, embedDim, depth, numHeads,
        decoderEmbedDim, decoderDepth, decoderNumHeads, mlpRatio, maskRatio, normPixLoss,
        numClasses, head, probeDepth, newMean, newStd);
  }

  public MaeConfig withNumClasses(int classes) {
    return new MaeConfig(imageSize, patchSize, channels, embedDim, depth, numHeads,
        decoderEmbedDim, decoderDepth, decoderNumHeads, mlpRatio, maskRatio, normPixLoss,
        classes, head, probeDepth, mean, std);
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaeConfig c && toString().equals(c.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "MaeConfig[image=" + imageSize + "x" + imageSize + "x" + channels + ", patch="
        + patchSize + ", encoder=" + embedDim + "/" + depth + "/" + numHeads + ", decoder="
        + decoderEmbedDim + "/" + decoderDepth + "/" + decoderNumHeads + ", mlpRatio=" + mlpRatio
        + ", maskRatio=" + maskRatio + ", normPixLoss=" + normPixLoss + ", classes=" + numClasses
        + ", head=" + head + (head == HeadType.VIT_PROBE ? "(" + probeDepth + ")" : "")
        + ", mean=" + java.util.Arrays.toString(mean) + ", std=" + java.util.Arrays.toString(std)
        + "]";
  }

  private static int numPatches(int image, int patch) {
    int g = image / patch;
    return g * g;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void requireHeads(String dimName, int dim, String headsName, int heads) {
    require(dim > 0 && heads > 0, dimName + " and " + headsName + " must be positive");
    if (dim % heads != 0) {
      throw new IllegalArgumentException(
          dimName + " " + dim + " is not divisible by " + headsName + " " + heads
              + "; choose a head count that divides " + dim);
    }
  }
}
