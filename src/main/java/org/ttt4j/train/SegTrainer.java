package org.ttt4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.ttt4j.data.Image;
import org.ttt4j.data.Normalize;
import org.ttt4j.data.Seeds;
import org.ttt4j.data.video.MovingGarments.Frame;
import org.ttt4j.model.Masking;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.Optimizer;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.tensor.HostArrays;
import org.ttt4j.tensor.Tensors;

/**
 * Y-shaped joint training for semantic segmentation (seed 001): per step, a batch of labelled
 * frames (each flipped with its label map at random), loss = per-pixel cross-entropy of the dense
 * head on the unmasked encoder + weight x MAE loss on a masked forward pass; every parameter
 * learns; AdamW with warm-up + cosine. Every draw derives from (seed, step).
 */
public final class SegTrainer implements AutoCloseable {

  /**
   * A segmentation training recipe (recorded in the manifest).
   *
   * @param steps optimizer steps
   * @param batchSize frames per step
   * @param peakLr learning rate after warm-up
   * @param warmupSteps linear warm-up length
   * @param weightDecay AdamW decoupled weight decay
   * @param maskRatio mask of the MAE branch
   * @param maeWeight weight of the MAE loss
   * @param seed root seed
   */
  public record Config(int steps, int batchSize, double peakLr, int warmupSteps,
      double weightDecay, double maskRatio, double maeWeight, long seed) {
    public Config {
      if (steps < 1 || batchSize < 1 || warmupSteps < 0 || warmupSteps >= steps) {
        throw new IllegalArgumentException("need --steps >= 1, --batch >= 1 and 0 <= --warmup <"
            + " --steps; got steps " + steps + ", batch " + batchSize + ", warm-up " + warmupSteps);
      }
      if (!(peakLr > 0) || !(maskRatio > 0 && maskRatio < 1) || maeWeight < 0) {
        throw new IllegalArgumentException("need --lr > 0, --mask-ratio in (0, 1) and"
            + " --mae-weight >= 0; got " + peakLr + ", " + maskRatio + ", " + maeWeight);
      }
    }
  }

  /** One step's figures. */
  public record StepRecord(long step, double lr, double loss, double maeLoss, double segLoss,
      double framesPerSecond) {}

  private final YShapedVit model;
  private final Config cfg;
  private final List<Frame> frames;
  private final Normalize normalize;
  private final NDManager manager;
  private final Optimizer optimizer;
  private final NDArray maeWeight;
  private long step;

  public SegTrainer(YShapedVit model, Config cfg, List<Frame> frames, Normalize normalize) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no training frames");
    }
    this.model = model;
    this.cfg = cfg;
    this.frames = frames;
    this.normalize = normalize;
    this.manager = model.weights().manager().newSubManager();
    ParamGroup all = new ParamGroup.All();
    model.weights().setTrainable(all);
    this.optimizer = OptimizerConfig.adamw(cfg.peakLr(), 0.9, 0.95, cfg.weightDecay())
        .create(model.weights().select(all), model.weights().names(all), manager);
    this.maeWeight = HostArrays.of(manager, new float[] {(float) cfg.maeWeight()}, new Shape());
  }

  /** Takes the next step and returns its figures. */
  public StepRecord step() {
    long t0 = System.nanoTime();
    int n = cfg.batchSize();
    SplittableRandom rng = new SplittableRandom(Seeds.derive(cfg.seed(), 1, step));
    List<Image> images = new ArrayList<>(n);
    List<long[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Frame f = frames.get(rng.nextInt(frames.size()));
      boolean flip = rng.nextBoolean();
      images.add(flip ? mirror(f.image()) : f.image());
      rows.add(classes(flip ? mirror(f.labels()) : f.labels()));
    }
    int side = images.get(0).height();
    long[] labels = new long[n * side * side];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows.get(i), 0, labels, i * side * side, side * side);
    }
    optimizer.setLearningRate(LrSchedule.at(step, cfg.peakLr(), 0, cfg.warmupSteps(),
        cfg.steps()));
    double lr = optimizer.learningRate();
    float seg;
    float mae;
    float total;
    try (NDManager scope = manager.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray x = Tensors.batch(scope, images, normalize);                     // [N, 1, H, W]
      NDArray y = HostArrays.of(scope, labels, new Shape(n, 1, side, side));   // [N, 1, H, W]
      NDArray segLoss = pixelCrossEntropy(model.classify(x, true), y);
      Masking masking = Masking.random(n, model.config().numPatches(),
          model.config().numKept(cfg.maskRatio()), new Random(Seeds.derive(cfg.seed(), 2, step)));
      NDArray maeLoss = model.maeLoss(x, masking).loss();
      NDArray loss = segLoss.add(maeLoss.mul(maeWeight));
      seg = segLoss.getFloat();
      mae = maeLoss.getFloat();
      total = loss.getFloat();
      if (!Float.isFinite(total)) {
        throw new IllegalStateException("loss is " + total + " at step " + (step + 1)
            + "; lower --lr (now " + lr + ")");
      }
      gc.backward(loss);
    }
    optimizer.step();
    step++;
    return new StepRecord(step, lr, total, mae, seg, n / ((System.nanoTime() - t0) / 1e9));
  }

  /** Mean over pixels of -log softmax(logits)[label]: logits [N, K, H, W], labels [N, 1, H, W]. */
  public static NDArray pixelCrossEntropy(NDArray logits, NDArray labels) {
    return logits.logSoftmax(1).gather(labels, 1).mean().neg();
  }

  private static long[] classes(Image labels) {
    long[] out = new long[labels.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = labels.pixels()[i] & 0xFF;
    }
    return out;
  }

  /** The image flipped left-right (frames and label maps flip together). */
  static Image mirror(Image img) {
    int h = img.height();
    int w = img.width();
    int c = img.channels();
    byte[] out = new byte[img.size()];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(img.pixels(), (y * w + x) * c, out, (y * w + (w - 1 - x)) * c, c);
      }
    }
    return new Image(h, w, c, out);
  }

  public YShapedVit model() {
    return model;
  }

  public long stepCount() {
    return step;
  }

  public Config config() {
    return cfg;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** Continues from step {@code s} (a resumed run; each step's frames and masks follow from it). */
  public void setStep(long s) {
    if (s < 0 || s > cfg.steps()) {
      throw new IllegalArgumentException("step " + s + " is outside the run's 0.." + cfg.steps());
    }
    step = s;
  }

  @Override
  public void close() {
    manager.close();
  }
}
