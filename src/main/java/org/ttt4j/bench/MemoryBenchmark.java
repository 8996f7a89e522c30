package org.ttt4j.bench;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;

/**
 * Does a long online TTT run keep its memory flat? Window TTT (one step per frame, B views drawn
 * from the last k frames, a prediction per frame) over a synthetic drifting stream, sampling every
 * {@code every} steps the resident set, the Java heap in use and the number of live native arrays
 * (every NDArray still registered under DJL's system manager). A per-step leak shows as a count
 * that grows with the steps, or as resident memory that keeps climbing after the warm-up.
 */
public final class MemoryBenchmark {

  /** The process after {@code steps} steps. */
  public record Point(int steps, double rssMiB, double heapMiB, int liveArrays,
      double secondsPerStep) {}

  /**
   * The samples and the verdict.
   *
   * @param rssGrowth relative change of the resident set from the first sample (after the
   *     warm-up) to the last
   * @param arrayGrowth live arrays at the last sample minus at the first
   */
  public record Result(String preset, int window, int batch, List<Point> points,
      double rssGrowth, int arrayGrowth) {

    /** Flat: no array left behind per step, resident memory within {@code tolerance}. */
    public boolean flat(double tolerance) {
      return arrayGrowth <= 0 && Math.abs(rssGrowth) <= tolerance;
    }
  }

  private MemoryBenchmark() {}

  /** Runs {@code steps} online steps, handing each sample point to {@code progress} as it comes. */
  public static Result run(String preset, int window, int batch, int steps, int every,
      Consumer<Point> progress) {
    if (steps < 2 * every || every < 1) {
      throw new IllegalArgumentException("need --every >= 1 and --steps >= 2 x --every (got"
          + " steps " + steps + ", every " + every + ")");
    }
    MaeConfig c = MaeConfig.preset(preset);
    List<Sample> stream = OnlineBenchmark.frames(c, steps);
    List<Point> points = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(c, m, 0);
        Adapter adapter = new Adapter(model, StepBenchmark.referenceTtt(batch))) {
      long[] last = {System.nanoTime()};
      new Strategy.Window(window, 1).run(stream, adapter, p -> {
        int done = p.position() + 1;
        if (done % every == 0) {
          long now = System.nanoTime();
          Point point = new Point(done, StepBenchmark.rssMiB(), heapMiB(), liveArrays(),
              (now - last[0]) / 1e9 / every);
          last[0] = now;
          points.add(point);
          progress.accept(point);
        }
      });
    }
    Point first = points.get(0);
    Point end = points.get(points.size() - 1);
    return new Result(preset, window, batch, List.copyOf(points),
        end.rssMiB() / first.rssMiB() - 1, end.liveArrays() - first.liveArrays());
  }

  /** NDArrays alive anywhere under DJL's system manager (all managers are its descendants). */
  static int liveArrays() {
    try (NDManager probe = NDManager.newBaseManager()) {   // a child of the system manager
      return probe.getParentManager().getManagedArrays().size();
    }
  }

  /** Java heap in use, MiB. */
  public static double heapMiB() {
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
  }
}
