package org.ttt4j.cli;

import java.util.Locale;
import java.util.function.Consumer;
import org.ttt4j.bench.MemoryBenchmark;
import org.ttt4j.bench.StepBenchmark;

/**
 * {@code ttt4j video --print-memory-every N}: RSS (from /proc/self/status) and heap, every N
 * frames, as lines for {@code sink}; silent when N is 0.
 */
final class MemoryMeter {
  private Consumer<String> sink;
  private final int every;
  private long frames;

  MemoryMeter(Consumer<String> sink, int every) {
    this.sink = sink;
    this.every = every;
    if (every > 0) {
      print("start");
    }
  }

  /** Later lines go to {@code next} (the progress bar, once it is drawn). */
  void printTo(Consumer<String> next) {
    sink = next;
  }

  /** Counts one more frame, of whichever video. */
  void frame() {
    frames++;
    if (every > 0 && frames % every == 0) {
      print("frame " + frames);
    }
  }

  void print(String when) {
    if (every <= 0) {
      return;
    }
    sink.accept(String.format(Locale.ROOT, "memory %s: rss %.0f MiB, heap used %.0f MiB", when,
        StepBenchmark.rssMiB(), MemoryBenchmark.heapMiB()));
  }
}
