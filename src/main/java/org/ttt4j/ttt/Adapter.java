package org.ttt4j.ttt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import java.util.ArrayList;
import java.util.random.RandomGenerator;
import org.ttt4j.data.Augment;
import org.ttt4j.data.Image;
import org.ttt4j.data.Normalize;
import org.ttt4j.data.RandomResizedCrop;
import org.ttt4j.data.Resize;
import org.ttt4j.model.FusedMaeLoss;
import org.ttt4j.model.Masking;
import org.ttt4j.tensor.Tensors;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.Optimizer;
import org.ttt4j.optim.OptimizerConfig;

/**
 * The TTT inner loop on one model: optimizer steps on the MAE reconstruction loss of given views,
 * a fresh random mask per view and step, only the chosen parameter group learning; then
 * predictions with the adapted encoder and the frozen head. Strategies decide which views feed a
 * step and when to {@link #reset}.
 *
 * <p><b>Lifetime.</b> An adapter borrows its model: it changes the chosen parameters in place,
 * and keeps a copy of their starting values and the optimizer state (together two to three times
 * the size of those parameters) in a sub-manager of the model's manager. {@link #close} puts the starting
 * values back and frees that memory; use the adapter in try-with-resources. An adapter that is
 * never closed leaves the model adapted and its memory allocated until the model's manager
 * closes. Close it before the model; closing it again does nothing. After {@link #close} the
 * adapter cannot be used: its methods that step, predict or reach its arrays throw an
 * {@link IllegalStateException} saying to make a new one.
 *
 * <p><b>Threads.</b> Not thread-safe, and neither is the model it adapts: one adapter per model
 * at a time, used from one thread at a time. For parallel streams, load one model per thread,
 * each with its own adapter.
 */
public final class Adapter implements AutoCloseable {

  private final YShapedVit model;
  private final NDManager manager;
  private final List<NDArray> params;
  private final List<String> names;
  private final Optimizer optimizer;
  private final WeightSnapshot base;
  private final double maskRatio;
  private final double clipNorm;
  private final Random rng;
  private final TttConfig config;
  private final Normalize normalize;
  private final RandomResizedCrop crop;
  private final FusedMaeLoss fused;          // null: autograd computes the loss and gradients
  private final List<java.util.function.Consumer<List<Image>>> stepObservers =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private float[] carried = new float[0];
  private boolean closed;

  /** Low-level form: no augmentation settings (views are given ready-made to {@link #step}). */
  public Adapter(YShapedVit model, ParamGroup group, OptimizerConfig opt, double maskRatio,
      double clipNorm, long seed) {
    this(model, new TttConfig(group, opt, maskRatio, 1, 1.0, clipNorm, seed));
  }

  /**
   * An adapter for {@code model} that learns as {@code config} says. It makes exactly the
   * parameters of {@code config.group()} require gradients (they still do after {@link #close}).
   * Images given to {@link #guess} and {@link #predict} must have the model's size and channels
   * ({@code model.config()}); those given to {@link #stepOn} only its channels (each view is a
   * crop resized to the model's size).
   */
  public Adapter(YShapedVit model, TttConfig config) {
    ParamGroup group = config.group();
    OptimizerConfig opt = config.optimizer();
    this.config = config;
    this.normalize = Normalize.of(model.config().mean(), model.config().std());
    int side = model.config().imageSize();
    this.crop = new RandomResizedCrop(side, side, config.cropMinScale(), 1.0, 3.0 / 4, 4.0 / 3,
        Resize.Interpolation.BICUBIC);
    double maskRatio = config.maskRatio();
    double clipNorm = config.clipNorm();
    long seed = config.seed();
    this.model = model;
    this.manager = model.weights().manager().newSubManager();
    model.weights().setTrainable(group);
    this.params = model.weights().select(group);
    this.names = model.weights().names(group);
    if (params.isEmpty()) {
      throw new IllegalArgumentException("parameter group " + group.id() + " selects nothing");
    }
    this.optimizer = opt.create(params, model.weights().names(group), manager);
    this.fused = FusedMaeLoss.forModel(model);
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
    return step(views, masks((int) views.getShape().get(0), rng));
  }

  /** One optimizer step with a given masking (tests, overfit checks); returns the loss before it. */
  public float step(NDArray views, Masking masking) {
    requireOpen();
    float loss;
    if (fused != null && FusedMaeLoss.accepts(views)) {
      loss = fused.lossAndGradients(views, masking);
      if (!Float.isFinite(loss)) {           // it has added its (useless) gradients: drop them
        params.forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
      }
    } else {
      loss = autogradLoss(views, masking);   // runs no backward pass for a non-finite loss
    }
    if (!Float.isFinite(loss)) {
      throw new IllegalStateException("MAE loss is " + loss + " at this TTT step; lower the"
          + " learning rate (now " + optimizer.learningRate() + ") or enable clipping");
    }
    if (clipNorm > 0) {
      Optimizer.clipGradNorm(params, clipNorm);
    }
    optimizer.step();
    return loss;
  }

  /** The loss, with its gradients from libtorch's autograd (where the fused loss cannot run). */
  private float autogradLoss(NDArray views, Masking masking) {
    try (NDManager scope = manager.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray l = model.maeLoss(Tensors.viewIn(views, scope), masking).loss();
      float loss = l.getFloat();
      if (Float.isFinite(loss)) {
        gc.backward(l);
      }
      return loss;
    }
  }

  /**
   * One step on views of {@code sources}: view i is a random resized crop + flip of
   * {@code sources.get(i)} (so pass B images: B copies of one sample, or B draws from a window),
   * with its own random mask. Crops, flips and masks all come from {@code viewRng}, so a step is
   * a function of (weights, optimizer state, sources, viewRng): what makes a resumed stream exact.
   */
  public float stepOn(List<Image> sources, RandomGenerator viewRng) {
    requireOpen();
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("stepOn needs at least one source image, got an empty"
          + " list; pass B images (e.g. Collections.nCopies(B, image))");
    }
    stepObservers.forEach(o -> o.accept(sources));
    List<Image> views = new ArrayList<>(sources.size());
    for (Image src : sources) {
      views.add(Augment.randomHorizontalFlip(crop.apply(src, viewRng), 0.5, viewRng));
    }
    Masking masking = masks(views.size(), viewRng);
    try (NDManager scope = manager.newSubManager()) {
      return step(Tensors.batch(scope, views, normalize), masking);
    }
  }

  /** An independent random mask of the configured ratio for each of {@code n} views. */
  private Masking masks(int n, RandomGenerator rng) {
    return Masking.random(n, model.config().numPatches(), model.config().numKept(maskRatio), rng);
  }

  /** A predicted class and the softmax probability the head gives it. */
  public record Guess(int label, float confidence) {}

  /**
   * The predicted class of each image (unaugmented, unmasked encoder, frozen head) with its softmax
   * probability.
   */
  public Guess[] guess(List<Image> images) {
    requireOpen();
    try (NDManager scope = manager.newSubManager()) {
      float[][] logits = logits(Tensors.batch(scope, images, normalize));
      Guess[] out = new Guess[logits.length];
      for (int i = 0; i < logits.length; i++) {
        float[] z = logits[i];
        int best = 0;
        for (int k = 1; k < z.length; k++) {
          if (z[k] > z[best]) {
            best = k;
          }
        }
        double sum = 0;
        for (float v : z) {
          sum += Math.exp(v - z[best]);
        }
        out[i] = new Guess(best, (float) (1 / sum));
      }
      return out;
    }
  }

  /** The predicted class and its probability, for one image. */
  public Guess guess(Image image) {
    return guess(List.of(image))[0];
  }

  /** The predicted class of each image (unaugmented, unmasked encoder, frozen head). */
  public int[] predict(List<Image> images) {
    Guess[] g = guess(images);
    int[] out = new int[g.length];
    for (int i = 0; i < g.length; i++) {
      out[i] = g[i].label();
    }
    return out;
  }

  public TttConfig config() {
    return config;
  }

  /**
   * Calls {@code observer} with the source images of every {@link #stepOn} call, before the step
   * (progress bars, tests, a stop check that throws to abandon the step), in the order observers
   * were added, until the returned handle is closed.
   */
  public Subscription observeSteps(java.util.function.Consumer<List<Image>> observer) {
    stepObservers.add(observer);
    return () -> stepObservers.remove(observer);
  }

  /** An observer added by {@link #observeSteps}; closing it removes the observer. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Class logits [N][classes] of images [N, C, H, W] (normalised), eval mode. */
  public float[][] logits(NDArray images) {
    requireOpen();
    try (NDManager scope = manager.newSubManager()) {
      NDArray in = Tensors.viewIn(images, scope);
      if (fused != null && FusedMaeLoss.accepts(images)) {
        return model.logitsEncoded(fused.encode(in));
      }
      return Tensors.rows(model.classify(in));
    }
  }

  /** Back to the weights this adapter started from, with fresh optimizer state. */
  public void reset() {
    requireOpen();
    base.restore(optimizer);
    carried = new float[0];
  }

  /**
   * Keeps numbers that a strategy needs past a checkpoint besides the weights and the optimizer
   * (offline TTT: the loss of every adaptation step, recorded with predictions made after all of
   * them). {@link AdapterState} saves and restores them with the weights; {@link #reset} drops
   * them.
   */
  public void carry(float[] values) {
    carried = values.clone();
  }

  /** What the last {@link #carry} kept since the last {@link #reset} (empty when nothing). */
  public float[] carried() {
    return carried.clone();
  }

  public YShapedVit model() {
    return model;
  }

  public Optimizer optimizer() {
    requireOpen();
    return optimizer;
  }

  /** The arrays that learn. */
  public List<NDArray> parameters() {
    requireOpen();
    return params;
  }

  /** The checkpoint names of {@link #parameters()}, in the same order. */
  public List<String> parameterNames() {
    return names;
  }

  /** A child scope of this adapter, for callers that build input batches. */
  public NDManager newScope() {
    requireOpen();
    return manager.newSubManager();
  }

  /**
   * Gives the model back as it was lent: the adapted parameters return to the weights this adapter
   * started from, so a later adapter (or a plain evaluation) never inherits adaptation; then frees
   * the adapter's arrays. Call it while the model is open (a call after the model was closed
   * throws an {@link IllegalStateException}); a second call does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    base.restore(null);
    manager.close();
    closed = true;
  }

  /** Refuses use after {@link #close}, before DJL's message about a closed NDManager. */
  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("this Adapter was closed and its arrays freed; make a new"
          + " one (new Adapter(model, config)), and use it inside the try-with-resources that"
          + " opened it");
    }
  }
}
