package org.ttt4j.ttt;

import org.ttt4j.model.ParamGroup;
import org.ttt4j.optim.OptimizerConfig;

/**
 * How the model adapts at test time (the same for every strategy).
 *
 * @param group which parameters learn (TTT-MAE: the encoder with the mask token)
 * @param optimizer SGD with momentum (TTT-MAE's default) or AdamW, with its hyper-parameters
 * @param maskRatio fraction of patches removed in each view
 * @param batch views per step: B copies of one sample (standard, online), or B draws from a window
 * @param cropMinScale smallest area of the random resized crop of each view (1 = no crop)
 * @param clipNorm global gradient-norm clip, or 0 for none
 * @param seed root seed of the views and masks
 */
public record TttConfig(ParamGroup group, OptimizerConfig optimizer, double maskRatio, int batch,
    double cropMinScale, double clipNorm, long seed) {

  public TttConfig {
    if (group == null || optimizer == null) {
      throw new IllegalArgumentException("a parameter group and an optimizer are required");
    }
    if (!(maskRatio > 0 && maskRatio < 1)) {
      throw new IllegalArgumentException("mask ratio must be in (0, 1), got " + maskRatio);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    if (!(cropMinScale > 0 && cropMinScale <= 1)) {
      throw new IllegalArgumentException("crop min scale must be in (0, 1], got " + cropMinScale);
    }
    if (clipNorm < 0) {
      throw new IllegalArgumentException("clip norm must be >= 0 (0 = off), got " + clipNorm);
    }
  }

  /**
   * The SGD settings the validation split chose for one strategy (docs/results/tuning.md).
   *
   * @param lr learning rate (momentum 0.9, no weight decay)
   * @param batch views per step
   * @param maskRatio fraction of patches masked in each view
   */
  public record Recipe(double lr, int batch, double maskRatio) {

    /**
     * The whole config {@code ttt4j eval} and {@code ttt4j demo} run with this recipe when no
     * option is given: the encoder (with the mask token) learns; SGD with momentum 0.9 and no
     * weight decay; each view a random resized crop of 0.35-1 of the image (the reference run's
     * finding, kept fixed in every tuning round); no gradient clipping.
     */
    public TttConfig config(long seed) {
      return new TttConfig(new ParamGroup.Encoder(), OptimizerConfig.sgd(lr, 0.9, 0), maskRatio,
          batch, 0.35, 0, seed);
    }
  }

  /**
   * The recipe the validation split chose for {@code strategy}: for standard TTT B = 32 views at
   * lr 4e-2 with a 90 % mask (sixth round); for online, window and offline TTT B = 8 at lr 1e-2
   * with MAE's 75 % mask (offline's rate: the eighth round).
   */
  public static Recipe validated(Strategy strategy) {
    if (strategy instanceof Strategy.Standard) {
      return new Recipe(4e-2, 32, 0.9);
    }
    return new Recipe(1e-2, 8, 0.75);
  }

  /**
   * The TTT-MAE paper's settings: encoder, SGD momentum 0.9, mask 0.75, crop 0.2-1, no clipping.
   * Not what {@code ttt4j eval} runs: that is {@link #validated}'s recipe ({@link Recipe#config}).
   */
  public static TttConfig paperDefaults(double lr, int batch, long seed) {
    return new TttConfig(new ParamGroup.Encoder(), OptimizerConfig.sgd(lr, 0.9, 0), 0.75, batch,
        0.2, 0, seed);
  }
}
