package org.ttt4j.data.corruptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;

/** Loads and corrupts the images of one part on a fixed pool of threads, in chunks. */
final class PartCorrupter implements AutoCloseable {

  private static final int CHUNK = 32;

  /** The kernel of a corruption is not implemented (it threw UnsupportedOperationException). */
  static final class NotAvailable extends RuntimeException {
    NotAvailable(String message) {
      super(message);
    }
  }

  private final CorruptedSetWriter.Corrupter corrupter;
  private final ExecutorService pool;
  private final long seed;

  PartCorrupter(CorruptedSetWriter.Corrupter corrupter, int threads, long seed) {
    this.corrupter = corrupter;
    this.seed = seed;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "corrupt-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** All samples of {@code data}, decoded in parallel. */
  List<LabeledImage> load(Dataset data) {
    LabeledImage[] out = new LabeledImage[data.size()];
    run(out.length, i -> out[i] = data.get(i), null);
    return List.of(out);
  }

  /** {@code out[l][i]} = image i corrupted at {@code levels.get(l)}. */
  Image[][] corrupt(Corruption c, List<Severity> levels, Image[] clean,
      CorruptedSetWriter.Listener listener) {
    Image[][] out = new Image[levels.size()][clean.length];
    for (int l = 0; l < levels.size(); l++) {
      Severity s = levels.get(l);
      Image[] row = out[l];
      run(clean.length, i -> {
        try {
          row[i] = corrupter.apply(c, clean[i], s, CorruptionSeeds.seed(seed, i, c, s));
        } catch (UnsupportedOperationException e) {
          throw new NotAvailable(String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
          // an argument error's message says it all; anything else is named by its class
          throw new IllegalStateException(c.id() + " level " + s.level() + " failed on image " + i
              + ": " + (e instanceof IllegalArgumentException && e.getMessage() != null
                  ? e.getMessage() : e.toString()), e);
        }
      }, listener);
    }
    return out;
  }

  private interface IndexTask {
    void run(int index);
  }

  private void run(int n, IndexTask task, CorruptedSetWriter.Listener listener) {
    List<Future<?>> futures = new ArrayList<>();
    for (int start = 0; start < n; start += CHUNK) {
      int from = start;
      int to = Math.min(n, start + CHUNK);
      futures.add(pool.submit(() -> {
        for (int i = from; i < to; i++) {
          task.run(i);
        }
        if (listener != null) {
          listener.imagesDone(to - from);
        }
      }));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while corrupting images", e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
