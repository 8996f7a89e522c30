package org.ttt4j.report.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Principal component analysis by the singular value decomposition of the centred data
 * (commons-math3): the components are the right singular vectors, ordered by variance. Each
 * component's sign is fixed so that its largest-magnitude loading is positive, which makes the
 * projection reproducible across SVD implementations.
 *
 * @param mean the column means that were subtracted [d]
 * @param components the first k principal axes, one per row [k][d], unit length
 * @param variance the variance along each axis (divisor n − 1) [k]
 * @param totalVariance the sum of the variances of all d columns
 */
public record Pca(double[] mean, double[][] components, double[] variance, double totalVariance) {

  /** Fits the first {@code k} components of the rows of {@code data} [n][d]. */
  public static Pca fit(double[][] data, int k) {
    int n = data.length;
    if (n < 2) {
      throw new IllegalArgumentException("PCA needs at least 2 rows, got " + n);
    }
    int d = data[0].length;
    if (k < 1 || k > Math.min(n, d)) {
      throw new IllegalArgumentException("PCA of " + n + " x " + d + " data cannot have " + k
          + " components (1.." + Math.min(n, d) + ")");
    }
    double[] mean = new double[d];
    for (double[] row : data) {
      if (row.length != d) {
        throw new IllegalArgumentException("PCA rows must have the same length: " + row.length
            + " against " + d);
      }
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    double[][] centred = new double[n][d];
    double total = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        centred[i][j] = data[i][j] - mean[j];
        total += centred[i][j] * centred[i][j] / (n - 1);
      }
    }
    SingularValueDecomposition svd = new SingularValueDecomposition(
        new Array2DRowRealMatrix(centred, false));
    RealMatrix v = svd.getV();                           // [d, r], columns = axes
    double[] s = svd.getSingularValues();
    double[][] axes = new double[k][];
    double[] variance = new double[k];
    for (int c = 0; c < k; c++) {
      axes[c] = v.getColumn(c);
      int big = 0;
      for (int j = 1; j < d; j++) {
        big = Math.abs(axes[c][j]) > Math.abs(axes[c][big]) ? j : big;
      }
      if (axes[c][big] < 0) {
        for (int j = 0; j < d; j++) {
          axes[c][j] = -axes[c][j];
        }
      }
      variance[c] = s[c] * s[c] / (n - 1);
    }
    return new Pca(mean, axes, variance, total);
  }

  /** The coordinates of {@code row} [d] on the components [k]. */
  public double[] project(double[] row) {
    if (row.length != mean.length) {
      throw new IllegalArgumentException("this PCA was fitted on " + mean.length
          + "-dimensional rows, not " + row.length);
    }
    double[] out = new double[components.length];
    for (int c = 0; c < components.length; c++) {
      for (int j = 0; j < row.length; j++) {
        out[c] += (row[j] - mean[j]) * components[c][j];
      }
    }
    return out;
  }

  /** The share of the total variance that component {@code c} explains. */
  public double explained(int c) {
    return totalVariance == 0 ? 0 : variance[c] / totalVariance;
  }
}
