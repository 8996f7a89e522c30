package org.ttt4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times a piece of work the way the reference does: a few warm-up runs, then at least
 * {@code minReps} timed runs and at least {@code minSeconds} of them (at most {@code maxReps});
 * reports the median.
 */
public record Timer(int warmup, int minReps, double minSeconds, int maxReps) {

  /** Median, min, max and count of the timed runs, in seconds. */
  public record Stats(double median, double min, double max, int n) {}

  public Stats time(Runnable work) {
    for (int i = 0; i < warmup; i++) {
      work.run();
    }
    List<Double> times = new ArrayList<>();
    long start = System.nanoTime();
    while (times.size() < maxReps
        && (times.size() < minReps || (System.nanoTime() - start) / 1e9 < minSeconds)) {
      long t0 = System.nanoTime();
      work.run();
      times.add((System.nanoTime() - t0) / 1e9);
    }
    List<Double> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
  }
}
