package org.ttt4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The Y-shaped model of TTT-MAE: one ViT encoder shared by the MAE decoder (the self-supervised
 * branch) and the main-task head. Test-time training takes steps on {@link #maeLoss} and then
 * predicts with {@link #classify}.
 *
 * <p><b>Lifetime.</b> The weights live in native memory, in a sub-manager of the {@link NDManager}
 * the model was created or loaded under; {@link #close} frees them, and so does closing that
 * manager. Use the model inside try-with-resources: after either close, every method but
 * {@link #config} throws an {@link IllegalStateException} that says so. {@link #close} is
 * idempotent.
 *
 * <p><b>Threads.</b> A model is not thread-safe. Its weights are mutable: an adapter
 * (the ttt package's {@code Adapter}) changes them in place while it adapts, so nothing else may use
 * the model meanwhile, and at most one adapter should hold it at a time. Forward passes alone
 * ({@link #classify}) from several threads do run, but sharing is not a supported way to scale: to
 * serve requests in parallel, load one model per thread (each under its own manager).
 */
public final class YShapedVit implements AutoCloseable {

  private final MaeConfig config;
  private final Weights weights;
  private final MaskedAutoencoder mae;
  private final Head head;
  private volatile boolean closed;

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

  /** The architecture (a value: it stays readable after {@link #close}). */
  public MaeConfig config() {
    return config;
  }

  /** The named parameters and buffers; changing them changes the model. */
  public Weights weights() {
    requireOpen();
    return weights;
  }

  /** The MAE branch: encoder and decoder. */
  public MaskedAutoencoder mae() {
    requireOpen();
    return mae;
  }

  /**
   * The MAE forward pass with its reconstruction loss. imgs [N, C, H, W], normalised, of the
   * config's channels and image size ({@link MaeConfig#requireInput}).
   */
  public MaskedAutoencoder.Output maeLoss(NDArray imgs, Masking masking) {
    requireOpen();
    config.requireInput(imgs.getShape());
    return mae.forward(imgs, masking);
  }

  /**
   * Class logits [N, classes] from the unmasked encoder ([N, classes, H, W] for a {@link
   * HeadType#DENSE} head); {@code train} only for head training. imgs [N, C, H, W], normalised, of
   * the config's channels and image size: another shape is refused with an {@link
   * IllegalArgumentException} that names it ({@link MaeConfig#requireInput}).
   */
  public NDArray classify(NDArray imgs, boolean train) {
    requireOpen();
    config.requireInput(imgs.getShape());
    return head.forward(mae.encode(imgs, null), train);
  }

  /** Class logits in eval mode from an encoder output [N, 1 + L, D] (see FusedMaeLoss#encode). */
  public NDArray classifyEncoded(NDArray latent) {
    requireOpen();
    return head.forward(latent, false);
  }

  /** The logits of {@link #classifyEncoded} as Java arrays [N][classes] (Head#evalLogits). */
  public float[][] logitsEncoded(NDArray latent) {
    requireOpen();
    return head.evalLogits(latent);
  }

  /**
   * Class logits in eval mode (running BatchNorm statistics); imgs as {@link #classify(NDArray,
   * boolean)}.
   */
  public NDArray classify(NDArray imgs) {
    return classify(imgs, false);
  }

  /** False once {@link #close} ran or the manager that holds the weights was closed. */
  public boolean isOpen() {
    return !closed && weights.manager().isOpen();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("this YShapedVit (" + config.imageSize() + "x"
          + config.imageSize() + ", " + config.numClasses() + " classes) was closed and its"
          + " weights freed; use it inside the try-with-resources that loaded it, or load it"
          + " again with Checkpoint.load");
    }
    if (!weights.manager().isOpen()) {
      throw new IllegalStateException("the NDManager that holds this YShapedVit's weights was"
          + " closed; keep that manager open while the model is in use (close the model first,"
          + " or both in one try-with-resources), or load the model again");
    }
  }

  /** Frees the weights; a second call does nothing. */
  @Override
  public void close() {
    closed = true;
    weights.close();
  }
}
