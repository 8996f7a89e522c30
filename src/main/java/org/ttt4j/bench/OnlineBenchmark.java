package org.ttt4j.bench;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ttt4j.data.Image;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;

/**
 * Online TTT throughput as the reference measures it: a synthetic stream of drifting, noisy
 * frames; per frame, a batch of B views drawn with replacement from the last k frames, each
 * augmented and masked on its own, one SGD step, then the frame is classified. Frames per second
 * over the measured frames, augmentation and classification included.
 */
public final class OnlineBenchmark {

  /** Frames per second and the median seconds per frame. */
  public record Result(String preset, int window, int batch, int frames, double framesPerSecond,
      double medianSeconds) {}

  private OnlineBenchmark() {}

  public static Result run(String preset, int window, int batch, int warmup, int frames) {
    Timing t = time(preset, batch, new Strategy.Window(window, 1), warmup, frames);
    return new Result(preset, window, batch, frames, frames / t.wallSeconds(), t.median());
  }

  /** Standard TTT cost: seconds per sample (median) for K steps + a prediction after each + reset. */
  public record StandardResult(String preset, int steps, int batch, int samples,
      double medianSeconds) {}

  /**
   * Standard (episodic) TTT on {@code warmup + samples} frames of the same stream: K steps on B
   * augmented, masked copies of each frame, a prediction after every step, then the reset.
   */
  public static StandardResult standard(String preset, int steps, int batch, int warmup,
      int samples) {
    Timing t = time(preset, batch, new Strategy.Standard(steps), warmup, samples);
    return new StandardResult(preset, steps, batch, samples, t.median());
  }

  /** Seconds per sample after the warm-up, and the wall time of those samples together. */
  private record Timing(List<Double> seconds, double wallSeconds) {
    double median() {
      List<Double> sorted = new ArrayList<>(seconds);
      sorted.sort(null);
      return sorted.get(sorted.size() / 2);
    }
  }

  /** Runs {@code strategy} on a fresh model over {@code warmup + n} frames of the stream. */
  private static Timing time(String preset, int batch, Strategy strategy, int warmup, int n) {
    MaeConfig c = MaeConfig.preset(preset);
    List<Sample> stream = frames(c, warmup + n);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(c, m, 0);
        Adapter adapter = new Adapter(model, StepBenchmark.referenceTtt(batch))) {
      List<Double> times = new ArrayList<>();
      long[] start = {System.nanoTime()};
      strategy.run(stream, adapter, p -> {
        if (p.position() == warmup - 1) {
          start[0] = System.nanoTime();
        } else if (p.position() >= warmup) {
          times.add(p.seconds());
        }
      });
      return new Timing(times, (System.nanoTime() - start[0]) / 1e9);
    }
  }

  /** A slowly drifting textured scene with sensor noise, as the reference's stream. */
  static List<Sample> frames(MaeConfig c, int n) {
    int s = c.imageSize();
    int ch = c.channels();
    Random rng = new Random(0);
    float[] base = new float[s * s * ch];
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        for (int k = 0; k < ch; k++) {
          base[(y * s + x) * ch + k] = (float) (Math.sin(6.3 * (k + 1) * x / s)
              * Math.cos(4.1 * y / s + k) + 0.3 * rng.nextGaussian());
        }
      }
    }
    List<Sample> out = new ArrayList<>(n);
    for (int t = 0; t < n; t++) {
      byte[] px = new byte[s * s * ch];
      int shift = (t / 2) % s;
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          for (int k = 0; k < ch; k++) {
            double v = 127.5 + 80 * base[(y * s + (x + s - shift) % s) * ch + k]
                + 8 * rng.nextGaussian();
            px[(y * s + x) * ch + k] = (byte) Math.max(0, Math.min(255, (int) v));
          }
        }
      }
      out.add(new Sample(t, new Image(s, s, ch, px), 0, "drift", 0));
    }
    return out;
  }
}
