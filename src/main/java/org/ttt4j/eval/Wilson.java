package org.ttt4j.eval;

/** The Wilson score interval for a binomial proportion (Wilson, JASA 1927). */
public final class Wilson {

  private Wilson() {}

  /** [low, high] for {@code successes} of {@code n} at normal quantile {@code z} (1.96: 95 %). */
  public static double[] interval(int successes, int n, double z) {
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double p = (double) successes / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
