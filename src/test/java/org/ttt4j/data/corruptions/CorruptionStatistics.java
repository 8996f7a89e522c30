package org.ttt4j.data.corruptions;

import java.util.List;
import org.ttt4j.data.Image;

/**
 * The statistics of {@code corruption_ref_stats_*.json} (see its {@code meta.stats}), computed
 * over a list of clean images and their corrupted versions.
 *
 * <ul>
 *   <li>mean, std (ddof 0), mad: per image over all values (channels pooled), then averaged;
 *   <li>psnr: {@code 10 log10(255^2 / MSE)} per image, capped at 100 dB, averaged;
 *   <li>ssim: scikit-image {@code structural_similarity} (data_range 255, 7x7 uniform window,
 *       sample covariance, K1 0.01, K2 0.03, 3-pixel border excluded), channel mean, averaged;
 *   <li>hf_ratio: sum over images of the mean squared 4-neighbour Laplacian (interior pixels) of
 *       the corrupted image divided by the same sum for the clean images;
 *   <li>chan_corr (RGB only): mean pairwise Pearson correlation between the residual channels,
 *       pairs with a constant residual channel skipped; images with no valid pair are skipped.
 * </ul>
 */
final class CorruptionStatistics {
  private static final double PSNR_CAP = 100.0;
  private static final int SSIM_WINDOW = 7;
  private static final double SSIM_K1 = 0.01;
  private static final double SSIM_K2 = 0.03;
  private static final double DATA_RANGE = 255.0;

  private CorruptionStatistics() {}

  /** The aggregate statistics of one (corruption, severity) over a set of images. */
  record Aggregate(
      double mean, double std, double mad, double psnr, double ssim, double hfRatio,
      double chanCorr) {

    /** The statistic under its JSON name. */
    double get(String name) {
      return switch (name) {
        case "mean" -> mean;
        case "std" -> std;
        case "mad" -> mad;
        case "psnr" -> psnr;
        case "ssim" -> ssim;
        case "hf_ratio" -> hfRatio;
        case "chan_corr" -> chanCorr;
        default -> throw new IllegalArgumentException("unknown statistic '" + name + "'");
      };
    }
  }

  static Aggregate of(List<Image> clean, List<Image> corrupted) {
    if (clean.size() != corrupted.size() || clean.isEmpty()) {
      throw new IllegalArgumentException(
          "need equally many clean and corrupted images, got " + clean.size() + " and "
              + corrupted.size());
    }
    int n = clean.size();
    double mean = 0;
    double std = 0;
    double mad = 0;
    double psnr = 0;
    double ssim = 0;
    double lapCorrupted = 0;
    double lapClean = 0;
    double chanCorr = 0;
    int chanCorrImages = 0;
    for (int i = 0; i < n; i++) {
      Image a = clean.get(i);
      Image b = corrupted.get(i);
      requireSameShape(a, b);
      mean += mean(b);
      std += std(b);
      mad += mad(a, b);
      psnr += psnr(a, b);
      ssim += ssim(a, b);
      lapCorrupted += laplacianEnergy(b);
      lapClean += laplacianEnergy(a);
      if (a.channels() == 3) {
        double c = channelCorrelation(a, b);
        if (!Double.isNaN(c)) {
          chanCorr += c;
          chanCorrImages++;
        }
      }
    }
    return new Aggregate(
        mean / n, std / n, mad / n, psnr / n, ssim / n, lapCorrupted / lapClean,
        chanCorrImages == 0 ? Double.NaN : chanCorr / chanCorrImages);
  }

  static double mean(Image x) {
    double sum = 0;
    for (byte v : x.pixels()) {
      sum += v & 0xFF;
    }
    return sum / x.size();
  }

  /** Population standard deviation (ddof = 0) over all values. */
  static double std(Image x) {
    double mu = mean(x);
    double ss = 0;
    for (byte v : x.pixels()) {
      double d = (v & 0xFF) - mu;
      ss += d * d;
    }
    return Math.sqrt(ss / x.size());
  }

  static double mad(Image a, Image b) {
    double sum = 0;
    byte[] pa = a.pixels();
    byte[] pb = b.pixels();
    for (int i = 0; i < pa.length; i++) {
      sum += Math.abs((pa[i] & 0xFF) - (pb[i] & 0xFF));
    }
    return sum / pa.length;
  }

  static double psnr(Image a, Image b) {
    double sum = 0;
    byte[] pa = a.pixels();
    byte[] pb = b.pixels();
    for (int i = 0; i < pa.length; i++) {
      double d = (pa[i] & 0xFF) - (pb[i] & 0xFF);
      sum += d * d;
    }
    double mse = sum / pa.length;
    if (mse == 0) {
      return PSNR_CAP;
    }
    return Math.min(PSNR_CAP, 10 * Math.log10(DATA_RANGE * DATA_RANGE / mse));
  }

  /** Mean SSIM over channels, each as scikit-image computes it (see class comment). */
  static double ssim(Image a, Image b) {
    double sum = 0;
    for (int c = 0; c < a.channels(); c++) {
      sum += ssimChannel(a, b, c);
    }
    return sum / a.channels();
  }

  private static double ssimChannel(Image a, Image b, int c) {
    int h = a.height();
    int w = a.width();
    int pad = (SSIM_WINDOW - 1) / 2;
    if (h < SSIM_WINDOW || w < SSIM_WINDOW) {
      throw new IllegalArgumentException("SSIM needs images of at least 7x7, got " + h + "x" + w);
    }
    double np = SSIM_WINDOW * SSIM_WINDOW;
    double covNorm = np / (np - 1);
    double c1 = Math.pow(SSIM_K1 * DATA_RANGE, 2);
    double c2 = Math.pow(SSIM_K2 * DATA_RANGE, 2);
    double total = 0;
    int count = 0;
    // Windows centred at least `pad` pixels from the border lie inside the image, so the
    // reference's reflect padding never matters for the pixels that are averaged.
    for (int y = pad; y < h - pad; y++) {
      for (int x = pad; x < w - pad; x++) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int dy = -pad; dy <= pad; dy++) {
          for (int dx = -pad; dx <= pad; dx++) {
            double u = a.get(y + dy, x + dx, c);
            double v = b.get(y + dy, x + dx, c);
            sx += u;
            sy += v;
            sxx += u * u;
            syy += v * v;
            sxy += u * v;
          }
        }
        double ux = sx / np;
        double uy = sy / np;
        double vx = covNorm * (sxx / np - ux * ux);
        double vy = covNorm * (syy / np - uy * uy);
        double vxy = covNorm * (sxy / np - ux * uy);
        double num = (2 * ux * uy + c1) * (2 * vxy + c2);
        double den = (ux * ux + uy * uy + c1) * (vx + vy + c2);
        total += num / den;
        count++;
      }
    }
    return total / count;
  }

  /** Mean squared 4-neighbour Laplacian over interior pixels, channels pooled. */
  static double laplacianEnergy(Image x) {
    int h = x.height();
    int w = x.width();
    double sum = 0;
    for (int c = 0; c < x.channels(); c++) {
      for (int y = 1; y < h - 1; y++) {
        for (int i = 1; i < w - 1; i++) {
          double lap =
              4.0 * x.get(y, i, c) - x.get(y - 1, i, c) - x.get(y + 1, i, c)
                  - x.get(y, i - 1, c) - x.get(y, i + 1, c);
          sum += lap * lap;
        }
      }
    }
    return sum / ((double) (h - 2) * (w - 2) * x.channels());
  }

  /** Mean pairwise Pearson correlation of the residual channels; NaN if no pair is valid. */
  static double channelCorrelation(Image clean, Image corrupted) {
    int n = clean.height() * clean.width();
    double[][] r = new double[3][n];
    for (int p = 0; p < n; p++) {
      for (int c = 0; c < 3; c++) {
        r[c][p] = (corrupted.pixels()[p * 3 + c] & 0xFF) - (clean.pixels()[p * 3 + c] & 0xFF);
      }
    }
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = i + 1; j < 3; j++) {
        double corr = pearson(r[i], r[j]);
        if (!Double.isNaN(corr)) {
          sum += corr;
          pairs++;
        }
      }
    }
    return pairs == 0 ? Double.NaN : sum / pairs;
  }

  private static double pearson(double[] u, double[] v) {
    int n = u.length;
    double mu = 0;
    double mv = 0;
    for (int i = 0; i < n; i++) {
      mu += u[i];
      mv += v[i];
    }
    mu /= n;
    mv /= n;
    double suv = 0;
    double suu = 0;
    double svv = 0;
    for (int i = 0; i < n; i++) {
      suv += (u[i] - mu) * (v[i] - mv);
      suu += (u[i] - mu) * (u[i] - mu);
      svv += (v[i] - mv) * (v[i] - mv);
    }
    if (suu == 0 || svv == 0) {
      return Double.NaN;
    }
    return suv / Math.sqrt(suu * svv);
  }

  private static void requireSameShape(Image a, Image b) {
    if (a.height() != b.height() || a.width() != b.width() || a.channels() != b.channels()) {
      throw new IllegalArgumentException(
          "corrupted image " + b.height() + "x" + b.width() + "x" + b.channels()
              + " does not match clean " + a.height() + "x" + a.width() + "x" + a.channels());
    }
  }
}
