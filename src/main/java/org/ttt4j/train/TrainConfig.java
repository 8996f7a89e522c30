package org.ttt4j.train;

/**
 * A training recipe, as a value (recorded in the run manifest).
 *
 * @param mode what is optimised
 * @param epochs passes over the training set
 * @param batchSize images per step
 * @param baseLr MAE's "blr": the peak learning rate is {@code baseLr * batchSize / 256}
 * @param minLr floor of the cosine schedule
 * @param warmupEpochs linear warm-up length (fractional epochs allowed)
 * @param weightDecay AdamW decoupled weight decay, on weights only (not norms, biases, tokens)
 * @param beta1 AdamW beta1
 * @param beta2 AdamW beta2 (MAE: 0.95)
 * @param maskRatio fraction of patches removed for the MAE loss
 * @param maeWeight weight of the MAE loss in {@link TrainMode#JOINT}
 * @param cropMinScale smallest area fraction of the random resized crop (MAE: 0.2)
 * @param checkpointEvery steps between checkpoints (0: only at the end)
 * @param seed root seed: data order, augmentation and masks derive from (seed, step)
 */
public record TrainConfig(
    TrainMode mode,
    double epochs,
    int batchSize,
    double baseLr,
    double minLr,
    double warmupEpochs,
    double weightDecay,
    double beta1,
    double beta2,
    double maskRatio,
    double maeWeight,
    double cropMinScale,
    int checkpointEvery,
    long seed) {

  public TrainConfig {
    check(mode != null, "mode is required");
    check(epochs > 0, "epochs must be positive, got " + epochs);
    check(batchSize >= 2, "batch size must be at least 2 (BatchNorm needs a batch), got "
        + batchSize);
    check(baseLr > 0, "base learning rate must be positive, got " + baseLr);
    double peak = peak(baseLr, batchSize);
    check(minLr >= 0 && minLr <= peak, "--min-lr " + minLr + " must be between 0 and the peak"
        + " learning rate " + peak + " (--blr " + baseLr + " x --batch " + batchSize + " / 256):"
        + " the cosine schedule decays from the peak down to it");
    check(warmupEpochs >= 0 && warmupEpochs < epochs, "--warmup " + warmupEpochs
        + " must be shorter than --epochs " + epochs + "; give a shorter --warmup (e.g. "
        + epochs / 10 + ") or more --epochs");
    check(weightDecay >= 0, "--wd (AdamW weight decay) must be >= 0, got " + weightDecay);
    check(maeWeight >= 0, "--mae-weight must be >= 0 (the MAE loss's weight beside the class"
        + " loss; 0 leaves it out), got " + maeWeight);
    check(maskRatio > 0 && maskRatio < 1, "mask ratio must be in (0, 1), got " + maskRatio);
    check(cropMinScale > 0 && cropMinScale <= 1, "crop min scale must be in (0, 1]");
    check(checkpointEvery >= 0, "checkpoint interval must be >= 0");
  }

  /** MAE's pretraining recipe (blr 1.5e-4, AdamW 0.9/0.95, wd 0.05, mask 0.75, crop 0.2-1). */
  public static TrainConfig maePretraining(double epochs, int batchSize) {
    return new TrainConfig(TrainMode.MAE, epochs, batchSize, 1.5e-4, 0, Math.min(1, epochs / 10),
        0.05, 0.9, 0.95, 0.75, 0, 0.2, 500, 0);
  }

  /** The peak learning rate, {@code baseLr * batchSize / 256}. */
  public double peakLr() {
    return peak(baseLr, batchSize);
  }

  /** MAE's linear scaling rule: the peak rate of base rate {@code baseLr} at a batch. */
  private static double peak(double baseLr, int batchSize) {
    return baseLr * batchSize / 256.0;
  }

  /** Optimizer steps in the run for a training set of {@code n} images (last batch dropped). */
  public long totalSteps(int n) {
    return (long) Math.floor(epochs * stepsPerEpoch(n));
  }

  public int stepsPerEpoch(int n) {
    int steps = n / batchSize;
    if (steps < 1) {
      throw new IllegalArgumentException("the training set has " + n
          + " images, fewer than one batch of " + batchSize + "; lower --batch");
    }
    return steps;
  }

  public TrainConfig withSeed(long newSeed) {
    return new TrainConfig(mode, epochs, batchSize, baseLr, minLr, warmupEpochs, weightDecay,
        beta1, beta2, maskRatio, maeWeight, cropMinScale, checkpointEvery, newSeed);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
