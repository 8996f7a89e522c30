package org.ttt4j.ttt;

import static java.util.Arrays.copyOfRange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.ttt4j.data.Image;
import org.ttt4j.data.Seeds;

/**
 * How the model meets a test stream. One TTT episode = a reset policy + which samples feed each
 * step + the inner loop ({@link Adapter}) + a prediction; the strategies differ in the first two.
 * Every random draw derives from (seed, sample position), so a resumed stream repeats exactly.
 */
public sealed interface Strategy
    permits Strategy.Fixed, Strategy.Standard, Strategy.Online, Strategy.Window, Strategy.Offline {

  /**
   * Runs the stream from sample {@code from} on (0: the whole stream; more: a resumed run whose
   * adapter already holds the state reached after sample {@code from - 1}) and hands each sample's
   * prediction, in stream order, to {@code out}.
   */
  void run(List<Sample> stream, int from, Adapter adapter, Consumer<Prediction> out);

  /** Runs the whole stream. */
  default void run(List<Sample> stream, Adapter adapter, Consumer<Prediction> out) {
    run(stream, 0, adapter, out);
  }

  /** A short name for manifests and tables. */
  String id();

  /** The random stream of the views of sample {@code position}. */
  static SplittableRandom viewRng(Adapter adapter, int position) {
    return new SplittableRandom(Seeds.derive(adapter.config().seed(), 7, position));
  }

  /** No adaptation: the baseline row. */
  record Fixed() implements Strategy {
    public void run(List<Sample> stream, int from, Adapter a, Consumer<Prediction> out) {
      for (Sample s : stream.subList(from, stream.size())) {
        long t0 = System.nanoTime();
        out.accept(Prediction.of(s, new Adapter.Guess[] {a.guess(s.image())}, new float[0], t0));
      }
    }

    public String id() {
      return "fixed";
    }
  }

  /** Episodic TTT: K steps on B views of each sample, predict after every step, then reset. */
  record Standard(int steps) implements Strategy {
    public Standard {
      require(steps >= 1, "standard TTT needs at least 1 step, got " + steps);
    }

    public void run(List<Sample> stream, int from, Adapter a, Consumer<Prediction> out) {
      for (Sample s : stream.subList(from, stream.size())) {
        long t0 = System.nanoTime();
        SplittableRandom rng = viewRng(a, s.position());
        List<Image> copies = Collections.nCopies(a.config().batch(), s.image());
        Adapter.Guess[] guesses = new Adapter.Guess[steps + 1];
        float[] losses = new float[steps];
        guesses[0] = a.guess(s.image());
        for (int k = 0; k < steps; k++) {
          losses[k] = a.stepOn(copies, rng);
          guesses[k + 1] = a.guess(s.image());
        }
        a.reset();                         // back to the base weights, fresh optimizer
        out.accept(Prediction.of(s, guesses, losses, t0));
      }
    }

    public String id() {
      return "standard-k" + steps;
    }
  }

  /** Online TTT (implicit memory): never reset; S steps on each sample's views, then predict. */
  record Online(int stepsPerSample, boolean resetOptimizer) implements Strategy {
    public Online {
      require(stepsPerSample >= 1, "online TTT needs at least 1 step per sample");
    }

    public void run(List<Sample> stream, int from, Adapter a, Consumer<Prediction> out) {
      for (Sample s : stream.subList(from, stream.size())) {
        long t0 = System.nanoTime();
        SplittableRandom rng = viewRng(a, s.position());
        List<Image> copies = Collections.nCopies(a.config().batch(), s.image());
        float[] losses = new float[stepsPerSample];
        for (int k = 0; k < stepsPerSample; k++) {
          losses[k] = a.stepOn(copies, rng);
        }
        if (resetOptimizer) {
          a.optimizer().reset();
        }
        out.accept(Prediction.of(s, new Adapter.Guess[] {a.guess(s.image())}, losses, t0));
      }
    }

    public String id() {
      return "online";
    }
  }

  /**
   * Window TTT (explicit memory): each step's B views are drawn with replacement from the last k
   * samples. A resumed run rebuilds the window from the stream itself.
   */
  record Window(int size, int stepsPerSample) implements Strategy {
    public Window {
      require(size >= 1 && stepsPerSample >= 1, "window size and steps must be at least 1");
    }

    public void run(List<Sample> stream, int from, Adapter a, Consumer<Prediction> out) {
      Deque<Image> window = new ArrayDeque<>(size);
      stream.subList(Math.max(0, from - size), from).forEach(s -> window.addLast(s.image()));
      for (Sample s : stream.subList(from, stream.size())) {
        long t0 = System.nanoTime();
        window.addLast(s.image());
        if (window.size() > size) {
          window.removeFirst();
        }
        SplittableRandom rng = viewRng(a, s.position());
        List<Image> frames = new ArrayList<>(window);
        float[] losses = new float[stepsPerSample];
        for (int k = 0; k < stepsPerSample; k++) {
          List<Image> draw = new ArrayList<>(a.config().batch());
          for (int b = 0; b < a.config().batch(); b++) {
            draw.add(frames.get(rng.nextInt(frames.size())));
          }
          losses[k] = a.stepOn(draw, rng);
        }
        out.accept(Prediction.of(s, new Adapter.Guess[] {a.guess(s.image())}, losses, t0));
      }
    }

    public String id() {
      return "window-k" + size;
    }
  }

  /**
   * Offline TTT: E epochs over the whole stream in shuffled order, then predict every sample, each
   * with the losses of its E steps in epoch order. A run resumed at {@code from > 0} was stopped
   * while predicting: its adapter is already adapted and carries those losses.
   */
  record Offline(int epochs) implements Strategy {
    public Offline {
      require(epochs >= 1, "offline TTT needs at least 1 epoch");
    }

    public void run(List<Sample> stream, int from, Adapter a, Consumer<Prediction> out) {
      long t0 = System.nanoTime();
      if (from == 0) {
        a.carry(adapt(stream, a));
      }
      float[] losses = a.carried();      // [N * E]: sample i's step of epoch e at i * E + e
      require(losses.length == stream.size() * epochs || losses.length == 0,  // 0: older state
          "the adapted state has " + losses.length + " losses for " + stream.size() + " samples"
          + " of " + epochs + " epochs; resume with the options the run was started with");
      double perSample = (System.nanoTime() - t0) / 1e9 / Math.max(1, stream.size());
      for (int i = from; i < stream.size(); i++) {
        Sample s = stream.get(i);
        long t1 = System.nanoTime();
        float[] own = losses.length == 0 ? losses
            : copyOfRange(losses, i * epochs, (i + 1) * epochs);
        Prediction p = Prediction.of(s, new Adapter.Guess[] {a.guess(s.image())}, own, t1);
        out.accept(p.withSeconds(p.seconds() + perSample));
      }
    }

    /** The E epochs, each over the stream in a new order; the loss of each step, [N * E]. */
    private float[] adapt(List<Sample> stream, Adapter a) {
      List<Integer> order = new ArrayList<>(IntStream.range(0, stream.size()).boxed().toList());
      float[] losses = new float[stream.size() * epochs];
      for (int e = 0; e < epochs; e++) {
        Collections.shuffle(order, new java.util.Random(Seeds.derive(a.config().seed(), 8, e)));
        for (int i : order) {
          Sample s = stream.get(i);
          SplittableRandom rng = new SplittableRandom(
              Seeds.derive(a.config().seed(), 9, e, s.position()));
          losses[i * epochs + e] =
              a.stepOn(Collections.nCopies(a.config().batch(), s.image()), rng);
        }
      }
      return losses;
    }

    public String id() {
      return "offline-e" + epochs;
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
