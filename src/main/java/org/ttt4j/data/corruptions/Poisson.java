package org.ttt4j.data.corruptions;

import java.util.random.RandomGenerator;

/**
 * Exact Poisson sampling for shot noise (spec §2): multiplication of uniforms for small means,
 * Hörmann's transformed rejection with squeeze (PTRS, "The transformed rejection method for
 * generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993) for large
 * ones — the same split numpy's legacy generator uses.
 */
final class Poisson {
  /** Below this mean the product-of-uniforms method is cheap and exact. */
  static final double PTRS_THRESHOLD = 10.0;

  private static final int LOG_FACTORIAL_TABLE = 256;
  private static final double[] LOG_FACTORIAL = new double[LOG_FACTORIAL_TABLE];

  static {
    for (int k = 1; k < LOG_FACTORIAL_TABLE; k++) {
      LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
    }
  }

  private Poisson() {}

  static long sample(double lambda, RandomGenerator rng) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("Poisson mean must be finite and >= 0, got " + lambda);
    }
    if (lambda == 0) {
      return 0;
    }
    return lambda < PTRS_THRESHOLD ? byMultiplication(lambda, rng) : byPtrs(lambda, rng);
  }

  private static long byMultiplication(double lambda, RandomGenerator rng) {
    double limit = Math.exp(-lambda);
    long k = 0;
    double product = rng.nextDouble();
    while (product > limit) {
      k++;
      product *= rng.nextDouble();
    }
    return k;
  }

  private static long byPtrs(double lambda, RandomGenerator rng) {
    double sqrtLam = Math.sqrt(lambda);
    double logLam = Math.log(lambda);
    double b = 0.931 + 2.53 * sqrtLam;
    double a = -0.059 + 0.02483 * b;
    double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = rng.nextDouble() - 0.5;
      double v = rng.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      double lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
      if (lhs <= -lambda + k * logLam - logFactorial(k)) {
        return k;
      }
    }
  }

  /** ln(k!): a table for small k, Stirling's series (error below 1e-15 here) beyond. */
  static double logFactorial(long k) {
    if (k < LOG_FACTORIAL_TABLE) {
      return LOG_FACTORIAL[(int) k];
    }
    double n = k;
    double inv = 1.0 / n;
    double inv2 = inv * inv;
    return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n)
        + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
  }
}
