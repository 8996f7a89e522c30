package org.ttt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The Y-shaped model of TTT-MAE: one ViT encoder shared by the MAE decoder (the self-supervised
 * branch) and the main-task head. Test-time training takes steps on {@link #maeLoss} and then
 * predicts with {@link #classify}.
 */
public final class YShapedVit implements AutoCloseable {

  private final MaeConfig config;
  private final Weights weights;
  private final MaskedAutoencoder mae;
  private final Head head;

  private YShapedVit(MaeConfig config, Weights weights) {
    this.config = config;
    this.weights = weights;
    this.mae = new MaskedAutoencoder(config, weights);
    this.head = Head.create(config, weights);
  }

  /** A freshly initialised model (MAE init) whose arrays live under {@code manager}. */
  public static YShapedVit create(MaeConfig config, NDManager manager, long seed) {
    return new YShapedVit(config, new Weights(manager, seed));
  }

  public MaeConfig config() {
    return config;
  }

  public Weights weights() {
    return weights;
  }

  public MaskedAutoencoder mae() {
    return mae;
  }

  /** The MAE forward pass with its reconstruction loss. imgs [N, C, H, W], normalised. */
  public MaskedAutoencoder.Output maeLoss(NDArray imgs, Masking masking) {
    return mae.forward(imgs, masking);
  }

  /**
   * Class logits [N, classes] from the unmasked encoder ([N, classes, H, W] for a {@link
   * HeadType#DENSE} head); {@code train} only for head training.
   */
  public NDArray classify(NDArray imgs, boolean train) {
    return head.forward(mae.encode(imgs, null), train);
  }

  /** Class logits in eval mode from an encoder output [N, 1 + L, D] (see FusedMaeLoss#encode). */
  public NDArray classifyEncoded(NDArray latent) {
    return head.forward(latent, false);
  }

  /** The logits of {@link #classifyEncoded} as Java arrays [N][classes] (Head#evalLogits). */
  public float[][] logitsEncoded(NDArray latent) {
    return head.evalLogits(latent);
  }

  /** Class logits in eval mode (running BatchNorm statistics). */
  public NDArray classify(NDArray imgs) {
    return classify(imgs, false);
  }

  @Override
  public void close() {
    weights.close();
  }
}
