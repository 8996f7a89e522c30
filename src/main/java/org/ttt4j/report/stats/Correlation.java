package org.ttt4j.report.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Pearson's r and Spearman's rho with two-sided p-values against "no correlation".
 *
 * <p>Both p-values use Student's t with n − 2 degrees of freedom, t = r √((n − 2) / (1 − r²)): exact
 * for Pearson's r under bivariate normality, and for Spearman's rho the usual large-sample
 * approximation (the one {@code scipy.stats.spearmanr} uses); for n below about 10 a permutation
 * test would be more accurate.
 *
 * @param coefficient r or rho, in [−1, 1] (NaN when a variable is constant)
 * @param p the two-sided p-value (NaN when the coefficient is)
 * @param n the number of pairs
 */
public record Correlation(double coefficient, double p, int n) {

  /** Pearson's product-moment correlation of paired samples {@code x}, {@code y}. */
  public static Correlation pearson(double[] x, double[] y) {
    check(x, y);
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx == 0 || syy == 0) {
      return new Correlation(Double.NaN, Double.NaN, x.length);
    }
    double r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    return new Correlation(r, pValue(r, x.length), x.length);
  }

  /** Spearman's rank correlation: Pearson's r of the ranks, ties given their mean rank. */
  public static Correlation spearman(double[] x, double[] y) {
    check(x, y);
    return pearson(ranks(x), ranks(y));
  }

  /** Ranks 1..n of {@code v}; tied values share the mean of the ranks they span. */
  static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
    double[] rank = new double[v.length];
    for (int i = 0; i < v.length; ) {
      int j = i;
      while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double mean = (i + j) / 2.0 + 1;          // ranks i+1 .. j+1
      for (int k = i; k <= j; k++) {
        rank[order[k]] = mean;
      }
      i = j + 1;
    }
    return rank;
  }

  /** Two-sided p of coefficient r on n pairs, by Student's t with n − 2 degrees of freedom. */
  private static double pValue(double r, int n) {
    if (Math.abs(r) >= 1) {
      return 0;
    }
    double t = r * Math.sqrt((n - 2) / (1 - r * r));
    return 2 * new TDistribution(null, n - 2).cumulativeProbability(-Math.abs(t));
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  private static void check(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("a correlation needs paired samples: " + x.length
          + " x values against " + y.length + " y values");
    }
    if (x.length < 3) {
      throw new IllegalArgumentException("a correlation with a p-value needs at least 3 pairs, got "
          + x.length);
    }
  }
}
