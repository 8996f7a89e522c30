package org.ttt4j.ttt.video;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.ttt4j.data.Image;
import org.ttt4j.data.Normalize;
import org.ttt4j.data.Seeds;
import org.ttt4j.tensor.Tensors;
import org.ttt4j.ttt.Adapter;

/**
 * TTT on a video stream: for each frame in stream order, the memory's MAE steps (through {@link
 * Adapter#stepOn}, B views with random masks), then a per-pixel prediction with the adapted encoder
 * and the frozen dense head. Views of frame t's steps come from (seed, t), so runs repeat exactly.
 */
public final class VideoTtt {

  /** What the runner reports for one frame: its predicted label map and the cost of getting it. */
  public record FrameResult(int position, Image predicted, float[] losses, double seconds) {}

  private final Adapter adapter;
  private final Normalize normalize;

  public VideoTtt(Adapter adapter) {
    this.adapter = adapter;
    this.normalize = Normalize.of(adapter.model().config().mean(),
        adapter.model().config().std());
  }

  /** Runs {@code frames} (already in stream order) under {@code memory}, handing results to out. */
  public void run(Memory memory, List<Image> frames, Consumer<FrameResult> out) {
    run(memory, frames, out, () -> false);
  }

  /**
   * The same, asking {@code stop} before every frame (and every step of offline TTT's training
   * phase): returns false when it said stop, having handed out the frames before that.
   */
  public boolean run(Memory memory, List<Image> frames, Consumer<FrameResult> out,
      BooleanSupplier stop) {
    double offlineSecondsPerFrame = 0;
    if (memory instanceof Memory.Offline o) {
      offlineSecondsPerFrame = adaptOffline(o, frames, stop);
      if (offlineSecondsPerFrame < 0) {
        return false;
      }
    }
    for (int t = 0; t < frames.size(); t++) {
      if (stop.getAsBoolean()) {
        return false;
      }
      long t0 = System.nanoTime();
      float[] losses = steps(memory.steps(), memory.pool(frames, t), new SplittableRandom(
          Seeds.derive(adapter.config().seed(), 11, t)));
      Image predicted = segment(frames.get(t));
      if (memory.resetsAfterEachFrame()) {
        adapter.reset();
      }
      double seconds = (System.nanoTime() - t0) / 1e9 + offlineSecondsPerFrame;
      out.accept(new FrameResult(t, predicted, losses, seconds));
    }
    return true;
  }

  /**
   * Runs once what {@code memory} runs on every frame (a step on {@code frame} unless it takes
   * none, and a prediction), then resets the adapter: libtorch's and the JIT's one-off start-up
   * cost, about a second, then lands in no frame's time. The adapter ends as it began, so the
   * run's results stay those of a run without it.
   */
  public void warmUp(Memory memory, Image frame) {
    if (memory.steps() > 0 || memory instanceof Memory.Offline) {
      steps(1, List.of(frame), new SplittableRandom(0));
    }
    segment(frame);
    adapter.reset();
  }

  /** {@code n} steps, each on B views drawn with replacement from {@code pool}. */
  private float[] steps(int n, List<Image> pool, SplittableRandom rng) {
    float[] losses = new float[n];
    for (int s = 0; s < n; s++) {
      List<Image> draw = new ArrayList<>(adapter.config().batch());
      for (int b = 0; b < adapter.config().batch(); b++) {
        draw.add(pool.get(rng.nextInt(pool.size())));
      }
      losses[s] = adapter.stepOn(draw, rng);
    }
    return losses;
  }

  /**
   * Offline TTT's training phase; returns its cost spread over the frames (seconds per frame), or
   * -1 when {@code stop} said stop.
   */
  private double adaptOffline(Memory.Offline memory, List<Image> frames, BooleanSupplier stop) {
    long t0 = System.nanoTime();
    for (int e = 0; e < memory.epochs(); e++) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(adapter.config().seed(), 12, e));
      for (int s = 0; s < frames.size(); s++) {      // one step per frame, as steps(n, ...) did
        if (stop.getAsBoolean()) {
          return -1;
        }
        steps(1, frames, rng);
      }
    }
    return (System.nanoTime() - t0) / 1e9 / frames.size();
  }

  /** The per-pixel argmax of the dense head on {@code frame} (unmasked, eval mode). */
  public Image segment(Image frame) {
    try (NDManager scope = adapter.newScope()) {
      NDArray logits = adapter.model().classify(Tensors.batch(scope, List.of(frame), normalize));
      NDArray classes = logits.argMax(1).toType(DataType.UINT8, false);   // [1, H, W]
      return new Image(frame.height(), frame.width(), 1, classes.toByteArray());
    }
  }
}
