package org.ttt4j.data.corruptions;

import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;
import org.ttt4j.data.Image;

/**
 * Noise corruptions (spec §2 and §1.5 speckle). Every draw is per value, i.e. per pixel and per
 * channel; a grey image gets one draw per pixel (spec §8.3), which is distributionally one channel
 * of the RGB code on a replicated image. Output is {@code clip01(.)*255} truncated.
 */
final class Noise {
  private Noise() {}

  /** Additive N(0, c) on the [0,1] scale. */
  static Image gaussian(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double c = t.pick(
        new double[] {0.08, 0.12, 0.18, 0.26, 0.38},
        new double[] {0.04, 0.08, 0.12, 0.15, 0.18},
        new double[] {0.04, 0.06, 0.08, 0.09, 0.10})[s.index()];
    return eachValue(x, v -> v + c * rng.nextGaussian());
  }

  /** Photon noise {@code Poisson(x*c)/c}; black stays black. */
  static Image shot(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double c = t.pick(
        new double[] {60, 25, 12, 5, 3},
        new double[] {250, 100, 50, 30, 15},
        new double[] {500, 250, 100, 75, 50})[s.index()];
    return eachValue(x, v -> Poisson.sample(v * c, rng) / c);
  }

  /**
   * Salt and pepper as scikit-image's {@code random_noise(mode='s&p', amount=a)}: a first uniform
   * field decides which values flip ({@code u1 <= a}), a second whether a flipped value becomes 1
   * or 0 ({@code u2 <= 0.5}). Channels are hit independently (coloured impulses, spec §10.6).
   */
  static Image impulse(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double a = t.pick(
        new double[] {0.03, 0.06, 0.09, 0.17, 0.27},
        new double[] {0.01, 0.02, 0.05, 0.08, 0.14},
        new double[] {0.01, 0.02, 0.03, 0.05, 0.07})[s.index()];
    double[] v = Pixels.toUnit(x);
    boolean[] flipped = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      flipped[i] = rng.nextDouble() <= a;
    }
    for (int i = 0; i < v.length; i++) {
      boolean salt = rng.nextDouble() <= 0.5;
      if (flipped[i]) {
        v[i] = salt ? 1.0 : 0.0;
      }
    }
    return Pixels.fromUnit(v, x);
  }

  /** Multiplicative noise {@code x + x*n}, n ~ N(0, c). */
  static Image speckle(Image x, Severity s, ParamTable t, RandomGenerator rng) {
    double c = t.pick(
        new double[] {0.15, 0.2, 0.35, 0.45, 0.6},
        new double[] {0.15, 0.2, 0.25, 0.3, 0.35},
        new double[] {0.06, 0.1, 0.12, 0.16, 0.2})[s.index()];
    return eachValue(x, v -> v + v * c * rng.nextGaussian());
  }

  /**
   * {@code clip01(f(x/255))*255} for every value on its own, in HWC order: the order the draws of
   * {@code f} are taken from the random stream, so it is part of the output.
   */
  private static Image eachValue(Image x, DoubleUnaryOperator f) {
    double[] v = Pixels.toUnit(x);
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(v[i]);
    }
    return Pixels.fromUnit(v, x);
  }
}
