package org.ttt4j.bench;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.Normalize;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.train.TrainConfig;
import org.ttt4j.train.TrainMode;
import org.ttt4j.train.Trainer;

/**
 * One MAE pretraining step as {@code ttt4j train mae} takes it, in the terms of
 * bench/mae_pretrain_ref.py: a fresh MAE-initialised model, encoder + mask token + decoder trained,
 * AdamW (betas 0.9/0.95, weight decay 0.05 on weights only, {@code OptimizerConfig.decays}), peak lr
 * 1e-3 without warm-up, mask ratio 0.75, norm-pix loss, B distinct synthetic images (held in
 * memory, as a loaded IDX file is). Three figures per B:
 *
 * <ul>
 *   <li>{@code step}: {@link Trainer#trainOn} on one batch augmented once, fresh masks every step:
 *       forward + backward + AdamW (which zeroes the gradients) + the loss read back to the host.
 *       The figure comparable with the script's {@code step_s}.
 *   <li>{@code augment}: {@link Trainer#nextBatch} alone: B random resized crops + flips,
 *       normalisation, the copy into one [B, C, H, W] array (the script's {@code aug_s}).
 *   <li>{@code trainerStep}: {@link Trainer#nextStep}, what {@code ttt4j train} repeats: the next
 *       batch of the seeded order, augmented, then the step.
 * </ul>
 */
public final class TrainStepBenchmark {

  /** Results of one (preset, B) point; times in seconds, images per second from the medians. */
  public record Result(String preset, int batch, TrainConfig train, long trainedParams,
      Timer.Stats step, Timer.Stats augment, Timer.Stats trainerStep, double imagesPerSecond,
      double trainerImagesPerSecond, double peakRssMiB, double lossFirst, double lossLast) {}

  /** Peak learning rate of the timed steps, the script's (the values do not change the time). */
  static final double PEAK_LR = 1e-3;

  /** Epochs of the schedule: long enough that the timed steps stay near the peak lr. */
  private static final double EPOCHS = 1000;

  /** Batches per epoch of the synthetic training set (its images are all distinct). */
  private static final int BATCHES_PER_EPOCH = 4;

  private TrainStepBenchmark() {}

  /**
   * Measures one point. {@code timer} times {@code step}, then (after the augmentation, timed for
   * up to about 2 s) {@code trainerStep}: a point takes about twice the timer's minimum seconds.
   */
  public static Result run(String preset, int batch, Timer timer) {
    MaeConfig c = MaeConfig.preset(preset);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(c, m, 0);
        Trainer trainer = maeTrainer(model, batch);
        NDManager fixed = m.newSubManager()) {
      TrainConfig cfg = trainer.config();
      Trainer.Batch views = trainer.nextBatch(fixed);
      List<Double> losses = new ArrayList<>();
      Timer.Stats step = timer.time(() -> losses.add(trainer.trainOn(views).loss()));
      Timer.Stats augment = new Timer(1, 3, Math.min(2, timer.minSeconds()), 50).time(() -> {
        try (NDManager scope = m.newSubManager()) {
          trainer.nextBatch(scope);
        }
      });
      Timer.Stats trainerStep = timer.time(trainer::nextStep);
      return new Result(preset, batch, cfg, model.weights().count(cfg.mode().group()), step,
          augment, trainerStep, batch / step.median(), batch / trainerStep.median(),
          StepBenchmark.peakRssMiB(), losses.get(0), losses.get(losses.size() - 1));
    }
  }

  /**
   * A trainer of MAE pretraining steps as the reference script times them (AdamW, lr near its
   * peak, all parameters) on distinct synthetic images; shared with {@code bench profile --train}.
   */
  static Trainer maeTrainer(YShapedVit model, int batch) {
    MaeConfig c = model.config();
    TrainConfig cfg = new TrainConfig(TrainMode.MAE, EPOCHS, batch, PEAK_LR * 256 / batch, 0, 0,
        0.05, 0.9, 0.95, 0.75, 0, 0.2, 0, 0);
    return new Trainer(model, cfg, randomImages(c, BATCHES_PER_EPOCH * batch, 0),
        Normalize.of(c.mean(), c.std()));
  }

  /** {@code n} images of uniform random pixels in the preset's shape, labels cycling 0..K-1. */
  static Dataset randomImages(MaeConfig c, int n, long seed) {
    Random rng = new Random(seed);
    List<LabeledImage> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[c.imageSize() * c.imageSize() * c.channels()];
      rng.nextBytes(px);
      items.add(new LabeledImage(new Image(c.imageSize(), c.imageSize(), c.channels(), px),
          i % c.numClasses()));
    }
    return new Dataset() {
      @Override
      public int size() {
        return items.size();
      }

      @Override
      public LabeledImage get(int index) {
        return items.get(index);
      }

      @Override
      public List<String> classNames() {
        return java.util.stream.IntStream.range(0, c.numClasses()).mapToObj(Integer::toString)
            .toList();
      }

      @Override
      public String source() {
        return n + " random " + c.imageSize() + "x" + c.imageSize() + "x" + c.channels()
            + " images";
      }
    };
  }
}
