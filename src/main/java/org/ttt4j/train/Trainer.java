package org.ttt4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.ttt4j.data.Augment;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.Normalize;
import org.ttt4j.data.RandomResizedCrop;
import org.ttt4j.data.Seeds;
import org.ttt4j.model.FusedMaeLoss;
import org.ttt4j.model.Masking;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.Optimizer;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.tensor.HostArrays;
import org.ttt4j.tensor.Tensors;

/**
 * One training loop for every {@link TrainMode}: per step, a batch in a seeded order, random
 * resized crop + flip per image, the mode's loss, AdamW with MAE's warm-up + cosine schedule.
 * Every random draw derives from (seed, step), so a run resumed from a checkpoint computes exactly
 * what the uninterrupted run computes. Knows nothing of files or consoles: checkpoints and progress
 * go through {@link Listener}.
 */
public final class Trainer implements AutoCloseable {

  /** One step's figures. */
  public record StepRecord(long step, double epoch, double lr, double loss, double maeLoss,
      double classLoss, double imagesPerSecond) {}

  /**
   * A step's input: normalised images [N, C, H, W] and their labels [N] (unused by
   * {@link TrainMode#MAE}). The arrays are not copied.
   */
  public record Batch(NDArray images, long[] labels) {}

  /** A step's losses; NaN for a loss the mode does not compute. */
  public record Losses(double loss, double maeLoss, double classLoss) {}

  /** Callbacks: progress, and when to write a checkpoint. */
  public interface Listener {
    void onStep(StepRecord record, long totalSteps);

    /** Called every {@code checkpointEvery} steps, at the end, and when stopped early. */
    void onCheckpoint(Trainer trainer, long step);
  }

  private final YShapedVit model;
  private final TrainConfig cfg;
  private final Dataset data;
  private final Normalize normalize;
  private final NDManager manager;
  private final Optimizer optimizer;
  private final FusedMaeLoss fused;  // null: autograd (and always for the class loss)
  private final NDArray maeWeight;   // a tensor: see HostArrays on scalars in autograd
  private final RandomResizedCrop crop;
  private final List<StepRecord> history = new ArrayList<>();
  private long step;
  private long lastCheckpoint = -1;   // the step of the last checkpoint (-1: none yet)

  public Trainer(YShapedVit model, TrainConfig cfg, Dataset data, Normalize normalize) {
    this.model = model;
    this.cfg = cfg;
    this.data = data;
    this.normalize = normalize;
    this.manager = model.weights().manager().newSubManager();
    model.weights().setTrainable(cfg.mode().group());
    this.fused = FusedMaeLoss.forModel(model);
    this.optimizer = OptimizerConfig.adamw(cfg.peakLr(), cfg.beta1(), cfg.beta2(),
        cfg.weightDecay()).create(model.weights().select(cfg.mode().group()),
        model.weights().names(cfg.mode().group()), manager);
    this.maeWeight = HostArrays.of(manager, new float[] {(float) cfg.maeWeight()}, new Shape());
    int side = model.config().imageSize();
    this.crop = new RandomResizedCrop(side, side, cfg.cropMinScale(), 1.0, 3.0 / 4, 4.0 / 3,
        org.ttt4j.data.Resize.Interpolation.BICUBIC);
    this.step = 0;
  }

  /**
   * Trains from the current step to the end, or until {@code stop} says so (then a checkpoint is
   * offered to the listener). A non-finite loss stops the run with an error naming the step and
   * the last checkpoint, which stays the last good state.
   */
  public void run(Listener listener, BooleanSupplier stop) {
    long total = cfg.totalSteps(data.size());
    while (step < total) {
      if (stop.getAsBoolean()) {
        checkpoint(listener);
        return;
      }
      StepRecord r = nextStep();
      listener.onStep(r, total);
      if (cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0 && step < total) {
        checkpoint(listener);
      }
    }
    checkpoint(listener);
  }

  private void checkpoint(Listener listener) {
    listener.onCheckpoint(this, step);
    lastCheckpoint = step;
  }

  /**
   * The run's next step, as {@link #run} takes it: {@link #nextBatch} then {@link #trainOn}. The
   * record (images per second include the augmentation) is added to {@link #history}.
   */
  public StepRecord nextStep() {
    long t0 = System.nanoTime();
    Losses losses;
    try (NDManager scope = manager.newSubManager()) {
      losses = trainOn(nextBatch(scope));
    }
    StepRecord r = new StepRecord(step, (double) step / cfg.stepsPerEpoch(data.size()),
        optimizer.learningRate(), losses.loss(), losses.maeLoss(), losses.classLoss(),
        cfg.batchSize() / ((System.nanoTime() - t0) / 1e9));
    history.add(r);
    return r;
  }

  /**
   * The batch of the current step: dataset images in the seeded order, each with its own random
   * resized crop and flip (drawn from (seed, step, position)), normalised, in {@code scope}.
   */
  public Batch nextBatch(NDManager scope) {
    int[] indices = batchIndices(step, cfg.stepsPerEpoch(data.size()));
    List<Image> images = new ArrayList<>(indices.length);
    long[] labels = new long[indices.length];
    for (int j = 0; j < indices.length; j++) {
      LabeledImage li = data.get(indices[j]);
      SplittableRandom rng = new SplittableRandom(Seeds.derive(cfg.seed(), 2, step, j));
      images.add(Augment.randomHorizontalFlip(crop.apply(li.image(), rng), 0.5, rng));
      labels[j] = li.label();
    }
    return new Batch(Tensors.batch(scope, images, normalize), labels);
  }

  /** Dataset indices of a step's batch: a seeded permutation per epoch, last partial batch dropped. */
  int[] batchIndices(long s, int perEpoch) {
    long epoch = s / perEpoch;
    int[] perm = permutation(data.size(), new Random(Seeds.derive(cfg.seed(), 1, epoch)));
    int from = (int) (s % perEpoch) * cfg.batchSize();
    return java.util.Arrays.copyOfRange(perm, from, from + cfg.batchSize());
  }

  /**
   * One optimizer step on a ready batch, and the step count advances: the schedule's learning rate
   * at the current step, masks drawn from (seed, step), the mode's loss (read back to the host),
   * backward, AdamW (which zeroes the gradients). {@link #nextStep} feeds it the run's own batches;
   * benchmarks feed it a fixed one, which stays the caller's: the step's arrays are freed with it.
   */
  public Losses trainOn(Batch batch) {
    int n = (int) batch.images().getShape().get(0);
    if (cfg.mode().usesClassLoss() && (batch.labels() == null || batch.labels().length != n)) {
      throw new IllegalArgumentException("mode " + cfg.mode() + " needs one label per image ("
          + n + "), got " + (batch.labels() == null ? "none" : batch.labels().length));
    }
    double epoch = (double) step / cfg.stepsPerEpoch(data.size());
    optimizer.setLearningRate(LrSchedule.at(epoch, cfg.peakLr(), cfg.minLr(), cfg.warmupEpochs(),
        cfg.epochs()));
    double maeLoss = Double.NaN;
    double classLoss = Double.NaN;
    double loss;
    if (cfg.mode() == TrainMode.MAE && fused != null && FusedMaeLoss.accepts(batch.images())) {
      loss = fused.lossAndGradients(batch.images(), masking(n));   // one native call
      maeLoss = loss;
      checkFinite(loss);                      // stops the run: the gradients are not used
      optimizer.step();
      step++;
      return new Losses(loss, maeLoss, classLoss);
    }
    try (NDManager scope = manager.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray x = Tensors.viewIn(batch.images(), scope);
      NDArray total = null;
      if (cfg.mode().usesMaeLoss()) {
        NDArray mae = model.maeLoss(x, masking(n)).loss();
        maeLoss = mae.getFloat();
        total = cfg.mode() == TrainMode.JOINT ? mae.mul(maeWeight) : mae;
      }
      if (cfg.mode().usesClassLoss()) {
        NDArray ce = crossEntropy(model.classify(x, true), HostArrays.of(scope, batch.labels(),
            new Shape(n, 1)));
        classLoss = ce.getFloat();
        total = total == null ? ce : total.add(ce);
      }
      loss = total.getFloat();
      checkFinite(loss);
      gc.backward(total);
    }
    optimizer.step();
    step++;
    return new Losses(loss, maeLoss, classLoss);
  }

  /** This step's masks: a function of (seed, step), whichever path computes the loss. */
  private Masking masking(int n) {
    return Masking.random(n, model.config().numPatches(),
        model.config().numKept(cfg.maskRatio()), new Random(Seeds.derive(cfg.seed(), 3, step)));
  }

  private void checkFinite(double loss) {
    if (!Double.isFinite(loss)) {
      String last = lastCheckpoint < 0 ? "no checkpoint was written before it"
          : "the checkpoint of step " + lastCheckpoint + " is the last good state";
      throw new IllegalStateException("loss is " + loss + " at step " + (step + 1)
          + "; lower the learning rate (now " + optimizer.learningRate() + "); " + last);
    }
  }

  /** Mean negative log-likelihood of the labels [N, 1] under the logits [N, K]. */
  static NDArray crossEntropy(NDArray logits, NDArray labels) {
    return logits.logSoftmax(-1).gather(labels, 1).mean().neg();
  }

  private static int[] permutation(int n, Random rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  public YShapedVit model() {
    return model;
  }

  public TrainConfig config() {
    return cfg;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** Steps done so far. */
  public long step() {
    return step;
  }

  /** Continue from a saved step (after its weights and optimizer state were restored). */
  public void setStep(long s) {
    step = s;
    lastCheckpoint = s;
  }

  /** Step records of this process (not those before a resume). */
  public List<StepRecord> history() {
    return history;
  }

  @Override
  public void close() {
    manager.close();
  }
}
