package org.ttt4j.data.corruptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttt4j.data.Image;

/** The noise building blocks: Poisson sampling and the per-value draw structure. */
class NoiseTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.3, 2.5, 9.99, 10.0, 37.5, 500.0})
  void poissonHasMeanAndVarianceLambda(double lambda) {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      long k = Poisson.sample(lambda, rng);
      assertTrue(k >= 0);
      sum += k;
      sumSq += (double) k * k;
    }
    double mean = sum / n;
    double var = sumSq / n - mean * mean;
    // 6 standard errors of the mean and (roughly) of the variance
    assertEquals(lambda, mean, 6 * Math.sqrt(lambda / n), "mean");
    assertEquals(lambda, var, 6 * lambda * Math.sqrt((2 + 1 / lambda) / n), "variance");
  }

  @Test
  void poissonProbabilityOfZeroIsExpMinusLambda() {
    SplittableRandom rng = new SplittableRandom(4);
    int n = 200_000;
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      zeros += Poisson.sample(1.5, rng) == 0 ? 1 : 0;
    }
    double p = Math.exp(-1.5);
    assertEquals(p, zeros / (double) n, 6 * Math.sqrt(p * (1 - p) / n));
  }

  @Test
  void logFactorialIsContinuousAtTheTableEdge() {
    double exact = 0;
    for (int k = 1; k <= 300; k++) {
      exact += Math.log(k);
      assertEquals(exact, Poisson.logFactorial(k), 1e-9 * exact, "k=" + k);
    }
  }

  @Test
  void shotNoiseLeavesBlackUntouched() {
    Image black = Image.blank(28, 28, 1);
    Image y = Corruption.SHOT_NOISE.apply(black, Severity.S5, 1L, 0);
    assertEquals(0, CorruptionStatistics.mad(black, y));
  }

  @Test
  void impulseNoiseOnlyWritesZeroOr255() {
    Image x = SyntheticImages.colour(32, 1);
    Image y = Corruption.IMPULSE_NOISE.apply(x, Severity.S5, 1L, 0);
    int changed = 0;
    for (int i = 0; i < x.size(); i++) {
      int a = x.pixels()[i] & 0xFF;
      int b = y.pixels()[i] & 0xFF;
      if (a != b) {
        changed++;
        assertTrue(b == 0 || b == 255, "impulse value " + b);
      }
    }
    // amount 0.07 per value at the 32 table, about half of them already 0/255 or unchanged
    assertTrue(changed > 0.02 * x.size() && changed < 0.07 * x.size(), "changed " + changed);
  }
}
