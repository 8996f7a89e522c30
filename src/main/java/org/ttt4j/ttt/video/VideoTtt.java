package org.ttt4j.ttt.video;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
    double offlineSecondsPerFrame = memory instanceof Memory.Offline o ? adaptOffline(o, frames) : 0;
    for (int t = 0; t < frames.size(); t++) {
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

  /** Offline TTT's training phase; returns its cost spread over the frames (seconds per frame). */
  private double adaptOffline(Memory.Offline memory, List<Image> frames) {
    long t0 = System.nanoTime();
    for (int e = 0; e < memory.epochs(); e++) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(adapter.config().seed(), 12, e));
      steps(frames.size(), frames, rng);
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
