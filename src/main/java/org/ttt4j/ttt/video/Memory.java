package org.ttt4j.ttt.video;

import java.util.List;

/**
 * How TTT remembers the past of a video (seed 001, Wang et al., "Test-Time Training on Video
 * Streams"): which frames feed the MAE steps before frame t is predicted, and when the model goes
 * back to its trained weights. Every step draws its B views with replacement from the frames the
 * memory names.
 */
public sealed interface Memory {

  /** A short name for tables and folders. */
  String id();

  /** MAE steps taken on each frame's draw (0 for {@link Fixed} and {@link Offline}). */
  int steps();

  /** The frames that feed the steps taken before frame {@code t} of the stream is predicted. */
  default <T> List<T> pool(List<T> stream, int t) {
    return List.of();
  }

  /** Whether the model goes back to its trained weights after each frame. */
  default boolean resetsAfterEachFrame() {
    return false;
  }

  /** The trained model, never adapted: the baseline. */
  record Fixed() implements Memory {
    public String id() {
      return "fixed";
    }

    public int steps() {
      return 0;
    }
  }

  /** Standard TTT on each frame alone, then reset: no memory at all. */
  record NoMemory(int steps) implements Memory {
    public NoMemory {
      requireSteps(steps);
    }

    public String id() {
      return "no-memory";
    }

    @Override
    public <T> List<T> pool(List<T> stream, int t) {
      return stream.subList(t, t + 1);
    }

    @Override
    public boolean resetsAfterEachFrame() {
      return true;
    }
  }

  /** Online TTT, implicit memory: the weights carry over from frame to frame; views of frame t. */
  record Online(int steps) implements Memory {
    public Online {
      requireSteps(steps);
    }

    public String id() {
      return "online";
    }

    @Override
    public <T> List<T> pool(List<T> stream, int t) {
      return stream.subList(t, t + 1);
    }
  }

  /** Online TTT with explicit memory: views drawn from the last k frames (k = 1 is online). */
  record Window(int k, int steps) implements Memory {
    public Window {
      requireSteps(steps);
      if (k < 1) {
        throw new IllegalArgumentException("window size k must be at least 1, got " + k);
      }
    }

    public String id() {
      return "window-k" + k;
    }

    @Override
    public <T> List<T> pool(List<T> stream, int t) {
      return stream.subList(Math.max(0, t - k + 1), t + 1);
    }
  }

  /**
   * Offline TTT: before predicting anything, E epochs of one step per frame on views drawn from the
   * whole video (all frames, no temporal order); then every frame with the final weights.
   */
  record Offline(int epochs) implements Memory {
    public Offline {
      if (epochs < 1) {
        throw new IllegalArgumentException("offline TTT needs at least 1 epoch, got " + epochs);
      }
    }

    public String id() {
      return "offline";
    }

    public int steps() {
      return 0;
    }
  }

  private static void requireSteps(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("TTT needs at least 1 step per frame, got " + steps);
    }
  }
}
