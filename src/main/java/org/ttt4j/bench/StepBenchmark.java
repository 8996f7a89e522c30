package org.ttt4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.TttConfig;

/**
 * One TTT step as the reference times it (shared/bench/peer): a fresh MAE-initialised model, a
 * batch of B copies prepared once (the reference reuses one pre-augmented batch), a fresh random
 * mask per copy and step, forward + backward + SGD (momentum 0.9, lr 1e-2·B/256) on the encoder;
 * plus the in-place weight restore and the classification of one image.
 */
public final class StepBenchmark {

  /** Results of one (config, B) point; times in seconds. */
  public record Result(String preset, int batch, Timer.Stats step, Timer.Stats restore,
      Timer.Stats classify, double gflopPerStep, double gflopPerSecond, double rssMiB,
      float lossFirst, float lossLast) {}

  private StepBenchmark() {}

  public static Result run(String preset, int batch, Timer timer) {
    MaeConfig c = MaeConfig.preset(preset);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(c, m, 0);
        Adapter adapter = new Adapter(model, new ParamGroup.Encoder(),
            OptimizerConfig.sgd(referenceLr(batch), 0.9, 0), c.maskRatio(), 0, 0);
        NDManager data = adapter.newScope()) {
      NDArray views = data.randomNormal(new Shape(batch, c.channels(), c.imageSize(),
          c.imageSize()));
      NDArray one = data.randomNormal(new Shape(1, c.channels(), c.imageSize(), c.imageSize()));
      float[] losses = new float[2];
      losses[0] = adapter.step(views);
      boolean big = Flops.step(c, batch, 0) > 2e11;
      Timer stepTimer = big ? new Timer(1, timer.minReps(), timer.minSeconds(), timer.maxReps())
          : timer;
      Timer.Stats step = stepTimer.time(() -> losses[1] = adapter.step(views));
      Timer.Stats restore = new Timer(1, 3, Math.min(2, timer.minSeconds()), 30)
          .time(adapter::reset);
      Timer.Stats cls = new Timer(2, 5, Math.min(3, timer.minSeconds()), 100)
          .time(() -> adapter.logits(one));
      long trained = model.weights().count(new ParamGroup.Encoder());
      double gflop = Flops.step(c, batch, trained) / 1e9;
      return new Result(preset, batch, step, restore, cls, gflop, gflop / step.median(),
          peakRssMiB(), losses[0], losses[1]);
    }
  }

  /** The reference's SGD learning rate for B views per step: 1e-2 at B = 256, scaled linearly. */
  static double referenceLr(int batch) {
    return 1e-2 * batch / 256;
  }

  /**
   * What the online, memory and profile benchmarks adapt with: the paper's TTT recipe ({@link
   * TttConfig#paperDefaults}) at {@link #referenceLr}, B views, seed 0.
   */
  static TttConfig referenceTtt(int batch) {
    return TttConfig.paperDefaults(referenceLr(batch), batch, 0);
  }

  /** Peak resident memory of this process (VmHWM), MiB; NaN where /proc is absent. */
  public static double peakRssMiB() {
    return procStatus("VmHWM");
  }

  /** Current resident memory (VmRSS), MiB. */
  public static double rssMiB() {
    return procStatus("VmRSS");
  }

  private static double procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return Double.NaN;
  }
}
