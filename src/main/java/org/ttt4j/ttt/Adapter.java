package org.ttt4j.ttt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.ttt4j.model.Masking;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.Optimizer;
import org.ttt4j.optim.OptimizerConfig;

/**
 * The TTT inner loop on one model: optimizer steps on the MAE reconstruction loss of given views,
 * a fresh random mask per view and step, only the chosen parameter group learning; then
 * predictions with the adapted encoder and the frozen head. Strategies decide which views feed a
 * step and when to {@link #reset}.
 */
public final class Adapter implements AutoCloseable {

  private final YShapedVit model;
  private final NDManager manager;
  private final List<NDArray> params;
  private final Optimizer optimizer;
  private final WeightSnapshot base;
  private final double maskRatio;
  private final double clipNorm;
  private final Random rng;

  /**
   * @param clipNorm global gradient-norm clip, or 0 for none
   * @param seed seeds the masking noise
   */
  public Adapter(YShapedVit model, ParamGroup group, OptimizerConfig opt, double maskRatio,
      double clipNorm, long seed) {
    this.model = model;
    this.manager = model.weights().manager().newSubManager();
    model.weights().setTrainable(group);
    this.params = model.weights().select(group);
    if (params.isEmpty()) {
      throw new IllegalArgumentException("parameter group " + group.id() + " selects nothing");
    }
    this.optimizer = opt.create(params, model.weights().names(group), manager);
    this.base = WeightSnapshot.capture(params, manager);
    this.maskRatio = maskRatio;
    this.clipNorm = clipNorm;
    this.rng = new Random(seed);
  }

  /**
   * One optimizer step on a batch of views [B, C, H, W] (normalised); returns the MAE loss before
   * the step. Every temporary array of the step is freed before this returns.
   */
  public float step(NDArray views) {
    int n = (int) views.getShape().get(0);
    int len = model.config().numPatches();
    return step(views, Masking.random(n, len, model.config().numKept(maskRatio), rng));
  }

  /** One optimizer step with a given masking (tests, overfit checks); returns the loss before it. */
  public float step(NDArray views, Masking masking) {
    float loss;
    try (NDManager scope = manager.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray l = model.maeLoss(viewIn(views, scope), masking).loss();
      loss = l.getFloat();
      if (!Float.isFinite(loss)) {
        throw new IllegalStateException("MAE loss is " + loss + " at this TTT step; lower the"
            + " learning rate (now " + optimizer.learningRate() + ") or enable clipping");
      }
      gc.backward(l);
    }
    if (clipNorm > 0) {
      Optimizer.clipGradNorm(params, clipNorm);
    }
    optimizer.step();
    return loss;
  }

  /** Class logits [N][classes] of images [N, C, H, W] (normalised), eval mode. */
  public float[][] logits(NDArray images) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray out = model.classify(viewIn(images, scope));
      int n = (int) out.getShape().get(0);
      int k = (int) out.getShape().get(1);
      float[] flat = out.toFloatArray();
      float[][] rows = new float[n][k];
      for (int i = 0; i < n; i++) {
        System.arraycopy(flat, i * k, rows[i], 0, k);
      }
      return rows;
    }
  }

  /**
   * A view of {@code x} (same storage) owned by {@code scope}: every array computed from it then
   * lands in {@code scope} too and is freed with it, while {@code x} stays with its owner.
   */
  private static NDArray viewIn(NDArray x, NDManager scope) {
    NDArray view = x.reshape(x.getShape());
    view.attach(scope);
    return view;
  }

  /** Back to the weights this adapter started from, with fresh optimizer state. */
  public void reset() {
    base.restore(optimizer);
  }

  public YShapedVit model() {
    return model;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** The arrays that learn. */
  public List<NDArray> parameters() {
    return params;
  }

  /** A child scope of this adapter, for callers that build input batches. */
  public NDManager newScope() {
    return manager.newSubManager();
  }

  @Override
  public void close() {
    manager.close();
  }
}
