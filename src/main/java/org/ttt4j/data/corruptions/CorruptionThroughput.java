package org.ttt4j.data.corruptions;

import java.util.Random;
import org.ttt4j.data.Image;

/**
 * Single-thread speed of a corruption: images per second on random images of a given shape, after
 * a short warm-up, timed for at least a given wall-clock budget.
 */
public final class CorruptionThroughput {

  /** One measurement; {@code imagesPerSecond} is NaN when the corruption is not available. */
  public record Measurement(Corruption corruption, String shape, double imagesPerSecond, int images,
      String note) {}

  private CorruptionThroughput() {}

  /** Times {@code corrupter} on {@code h x w x c} random images at {@code severity}. */
  public static Measurement measure(CorruptedSetWriter.Corrupter corrupter, Corruption corruption,
      Severity severity, int h, int w, int c, double seconds, long seed) {
    String shape = h + "x" + w + "x" + c;
    Image[] inputs = new Image[8];
    Random rng = new Random(seed);
    for (int i = 0; i < inputs.length; i++) {
      byte[] px = new byte[h * w * c];
      rng.nextBytes(px);
      inputs[i] = new Image(h, w, c, px);
    }
    try {
      corrupter.apply(corruption, inputs[0], severity, seed); // warm-up, and availability check
      corrupter.apply(corruption, inputs[1], severity, seed + 1);
    } catch (UnsupportedOperationException e) {
      return new Measurement(corruption, shape, Double.NaN, 0, "not available: " + e.getMessage());
    }
    long budget = (long) (seconds * 1e9);
    long start = System.nanoTime();
    int n = 0;
    long elapsed;
    do {
      corrupter.apply(corruption, inputs[n % inputs.length], severity, CorruptionSeeds.seed(seed, n, corruption, severity));
      n++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return new Measurement(corruption, shape, n / (elapsed / 1e9), n, "");
  }
}
