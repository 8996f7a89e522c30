package org.ttt4j.train;

/**
 * MAE's learning-rate schedule: linear warm-up to the peak, then a half-cycle cosine down to the
 * minimum, evaluated per step at fractional epochs. A pure function.
 */
public final class LrSchedule {

  private LrSchedule() {}

  /** The learning rate at (fractional) {@code epoch}. */
  public static double at(double epoch, double peak, double min, double warmup, double total) {
    if (epoch < warmup) {
      return peak * epoch / warmup;
    }
    double progress = (epoch - warmup) / (total - warmup);
    return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
  }
}
