package org.ttt4j.model;

import java.util.Random;

/**
 * How MAE initialises each kind of parameter. Values are drawn in Java from an explicit
 * {@link Random}, so a seed gives the same weights on every engine and machine.
 */
enum Init {
  /** Xavier/Glorot uniform over the weight viewed as [fanOut, fanIn] (MAE's linears, patch embed). */
  XAVIER_UNIFORM,
  /** normal(0, 0.02): cls and mask tokens (MAE: "timm's trunc_normal_(std=.02) is effectively normal_"). */
  NORMAL_002,
  /** PyTorch's default Conv/Linear bias: uniform(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
  UNIFORM_FAN_IN,
  ZEROS,
  ONES;

  /** Values for a parameter of {@code count} elements whose matrix view is [fanOut, fanIn]. */
  float[] sample(int count, int fanIn, int fanOut, Random rng) {
    float[] v = new float[count];
    switch (this) {
      case XAVIER_UNIFORM -> {
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < count; i++) {
          v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
      }
      case NORMAL_002 -> {
        for (int i = 0; i < count; i++) {
          v[i] = (float) (rng.nextGaussian() * 0.02);
        }
      }
      case UNIFORM_FAN_IN -> {
        double bound = 1.0 / Math.sqrt(fanIn);
        for (int i = 0; i < count; i++) {
          v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
      }
      case ZEROS -> { }
      case ONES -> java.util.Arrays.fill(v, 1f);
    }
    return v;
  }
}
