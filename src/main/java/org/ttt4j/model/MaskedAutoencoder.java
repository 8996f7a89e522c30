package org.ttt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.ttt4j.tensor.HostArrays;

/**
 * The masked autoencoder of He et al. (2021), in the paper's order: patchify → mask → encode →
 * decode → loss. The encoder sees only the visible patches (plus the cls token); the lightweight
 * decoder sees the encoded patches and a shared mask token at every removed position, and predicts
 * the pixels of every patch; the loss counts the removed patches only.
 *
 * <p>Shapes use the paper's letters: N images, L patches, D encoder width, p patch side.
 */
public final class MaskedAutoencoder {

  private final MaeConfig c;

  // MAE encoder specifics
  private final PatchEmbed patchEmbed;
  final NDArray clsToken;                 // [1, 1, D]
  private final NDArray posEmbed;         // [1, L, D], fixed sin-cos (cls row is zero: omitted)
  private final List<VitBlock> blocks = new ArrayList<>();
  private final LayerNorm norm;

  // MAE decoder specifics
  private final Linear decoderEmbed;
  final NDArray maskToken;                // [1, 1, Dd]
  private final NDArray decoderPosEmbed;  // [1, 1 + L, Dd], fixed sin-cos
  private final List<VitBlock> decoderBlocks = new ArrayList<>();
  private final LayerNorm decoderNorm;
  private final Linear decoderPred;

  MaskedAutoencoder(MaeConfig c, Weights w) {
    this.c = c;
    int d = c.embedDim();
    int dd = c.decoderEmbedDim();
    int len = c.numPatches();

    patchEmbed = new PatchEmbed(w, c.channels(), c.patchSize(), d);
    clsToken = w.parameter("cls_token", Init.NORMAL_002, d, d, 1, 1, d);
    float[] pos = PosEmbed.sinCos2d(d, c.gridSize());
    posEmbed = HostArrays.of(w.manager(), java.util.Arrays.copyOfRange(pos, d, pos.length),
        new Shape(1, len, d));
    for (int i = 0; i < c.depth(); i++) {
      blocks.add(new VitBlock(w, "blocks." + i, d, c.numHeads(), c.mlpRatio()));
    }
    norm = new LayerNorm(w, "norm", d);

    decoderEmbed = new Linear(w, "decoder_embed", d, dd);
    maskToken = w.parameter("mask_token", Init.NORMAL_002, dd, dd, 1, 1, dd);
    decoderPosEmbed = HostArrays.of(w.manager(), PosEmbed.sinCos2d(dd, c.gridSize()),
        new Shape(1, 1 + len, dd));
    for (int i = 0; i < c.decoderDepth(); i++) {
      decoderBlocks.add(
          new VitBlock(w, "decoder_blocks." + i, dd, c.decoderNumHeads(), c.mlpRatio()));
    }
    decoderNorm = new LayerNorm(w, "decoder_norm", dd);
    decoderPred = new Linear(w, "decoder_pred", dd, c.patchDim());
  }

  /** The loss, the prediction and the mask of one MAE forward pass. */
  public record Output(NDArray loss, NDArray pred, NDArray mask, NDArray latent) {}

  /** imgs [N, C, H, W] (normalised) with a masking → loss, pred [N, L, p*p*C], mask [N, L]. */
  public Output forward(NDArray imgs, Masking masking) {
    NDArray latent = encode(imgs, masking);            // [N, 1 + keep, D]
    NDArray pred = decode(latent, masking);            // [N, L, p*p*C]
    NDArray mask = masking.maskArray(imgs.getManager());
    return new Output(loss(imgs, pred, mask), pred, mask, latent);
  }

  /** imgs [N, C, H, W] → target patches [N, L, p*p*C] in (p, q, C) order, as MAE's patchify. */
  public NDArray patchify(NDArray imgs) {
    long n = imgs.getShape().get(0);
    int p = c.patchSize();
    int g = c.gridSize();
    return imgs.reshape(n, c.channels(), g, p, g, p)
        .transpose(0, 2, 4, 3, 5, 1)                   // nchpwq -> nhwpqc
        .reshape(n, (long) g * g, c.patchDim());
  }

  /** patches [N, L, p*p*C] → imgs [N, C, H, W]; the inverse of {@link #patchify}. */
  public NDArray unpatchify(NDArray x) {
    long n = x.getShape().get(0);
    int p = c.patchSize();
    int g = c.gridSize();
    return x.reshape(n, g, g, p, p, c.channels())
        .transpose(0, 5, 1, 3, 2, 4)                   // nhwpqc -> nchpwq
        .reshape(n, c.channels(), (long) g * p, (long) g * p);
  }

  /**
   * The encoder: embed every patch, add positions, keep the visible ones ({@code masking} null =
   * keep all, as for classification), prepend the cls token, run the blocks, normalise.
   * imgs [N, C, H, W] → [N, 1 + keep, D].
   */
  public NDArray encode(NDArray imgs, Masking masking) {
    NDArray x = patchEmbed.forward(imgs).add(posEmbed);              // [N, L, D]
    long n = x.getShape().get(0);
    long d = x.getShape().get(2);
    if (masking != null) {
      x = x.gather(masking.keepIndex(x.getManager(), d), 1);         // [N, keep, D]
    }
    NDArray cls = onManagerOf(x, clsToken.broadcast(n, 1, d));       // [N, 1, D]
    x = NDArrays.concat(new NDList(cls, x), 1);                      // [N, 1 + keep, D]
    for (VitBlock block : blocks) {
      x = block.forward(x);
    }
    return norm.forward(x);
  }

  /**
   * The decoder: project, append mask tokens, unshuffle to patch order, add positions, run the
   * blocks, predict p*p*C pixels per patch, drop the cls token. latent [N, 1 + keep, D] →
   * [N, L, p*p*C].
   */
  public NDArray decode(NDArray latent, Masking masking) {
    NDArray x = decoderEmbed.forward(latent);                        // [N, 1 + keep, Dd]
    long n = x.getShape().get(0);
    long dd = x.getShape().get(2);
    int len = c.numPatches();
    int keep = masking.numKept();
    NDArray tokens = onManagerOf(x, maskToken.broadcast(n, len - keep, dd));
    NDArray patches = NDArrays.concat(new NDList(x.get(":, 1:, :"), tokens), 1); // [N, L, Dd]
    patches = patches.gather(masking.restoreIndex(x.getManager(), dd), 1);      // unshuffle
    x = NDArrays.concat(new NDList(x.get(":, :1, :"), patches), 1).add(decoderPosEmbed);
    for (VitBlock block : decoderBlocks) {
      x = block.forward(x);
    }
    return decoderPred.forward(decoderNorm.forward(x)).get(":, 1:, :");
  }

  /**
   * Mean squared error on the removed patches only, against per-patch normalised pixels when
   * {@code normPixLoss}. imgs [N, C, H, W], pred [N, L, p*p*C], mask [N, L] → scalar.
   */
  public NDArray loss(NDArray imgs, NDArray pred, NDArray mask) {
    NDArray target = patchify(imgs);
    if (c.normPixLoss()) {
      NDArray mean = target.mean(new int[] {-1}, true);
      NDArray centred = target.sub(mean);
      NDArray var = centred.square().sum(new int[] {-1}, true).div(c.patchDim() - 1); // unbiased
      target = centred.div(var.add(1e-6f).sqrt());
    }
    NDArray perPatch = pred.sub(target).square().mean(new int[] {-1});  // [N, L], mean per patch
    return perPatch.mul(mask).sum().div(mask.sum());
  }

  /**
   * What MAE figures show: the input with its removed patches replaced by the decoder's
   * prediction (de-normalised with each target patch's own mean and variance when
   * {@code normPixLoss}), and the visible patches left as they were. imgs [N, C, H, W] → same.
   * Inference only (no gradient).
   */
  public NDArray reconstruct(NDArray imgs, Masking masking) {
    NDArray pred = decode(encode(imgs, masking), masking);          // [N, L, p*p*C]
    NDArray target = patchify(imgs);
    if (c.normPixLoss()) {
      NDArray mean = target.mean(new int[] {-1}, true);
      NDArray var = target.sub(mean).square().sum(new int[] {-1}, true).div(c.patchDim() - 1);
      pred = pred.mul(var.add(1e-6f).sqrt()).add(mean);
    }
    NDArray removed = masking.maskArray(imgs.getManager()).expandDims(-1);   // [N, L, 1]
    NDArray kept = removed.neg().add(1f);
    return unpatchify(pred.mul(removed).add(target.mul(kept)));
  }

  /** Moves {@code result}, made from a model-owned array, into the scope of {@code x}. */
  static NDArray onManagerOf(NDArray x, NDArray result) {
    result.attach(x.getManager());
    return result;
  }
}
