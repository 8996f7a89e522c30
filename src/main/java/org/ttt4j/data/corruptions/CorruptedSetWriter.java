package org.ttt4j.data.corruptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.Digests;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.Versions;

/**
 * Writes an ImageNet-C style corrupted copy of a dataset (layouts: {@link SetFormat}), with a
 * {@code manifest.json} ({@link SetManifest}) and a contact sheet. Each part is written atomically
 * and recorded in the manifest as soon as it is done; a re-run with the same recipe verifies the
 * recorded SHA-256 sums and skips finished parts, and a folder holding a set of another recipe is
 * refused ({@link #checkOut}). A corruption whose kernel throws {@link
 * UnsupportedOperationException} is reported as unavailable and the others go on.
 *
 * <p>Memory: the clean images and one part ({@code levels-per-part x N x H x W x C} bytes) are held
 * in memory; images are corrupted on {@code threads} threads.
 */
public final class CorruptedSetWriter {

  /** Version of the corruption recipe; bump when a kernel's output changes. */
  public static final int SPEC_VERSION = 1;
  /** File name of the manifest. */
  public static final String MANIFEST = "manifest.json";
  /** File name of the contact sheet. */
  public static final String CONTACT_SHEET = "contact_sheet.png";
  private static final int SHEET_IMAGES = 3;

  /** Corrupts one image; the default is the kernels of {@link Corruption}. */
  @FunctionalInterface
  public interface Corrupter {
    Image apply(Corruption corruption, Image clean, Severity severity, long seed);
  }

  /** The real kernels. */
  public static final Corrupter KERNELS = (c, x, s, seed) -> c.apply(x, s, seed);

  /** Progress callbacks (called from worker threads for {@link #imagesDone}). */
  public interface Listener {
    /** Work starts: {@code images} corrupted images to make in total (skipped parts excluded). */
    default void started(int images) {}

    default void partStarted(String part) {}

    default void imagesDone(int count) {}

    /** The part is on disk with the recorded SHA-256 sums. */
    default void partSkipped(String part) {}

    default void partWritten(String part) {}

    default void unavailable(Corruption corruption, String reason) {}
  }

  /**
   * What to write.
   *
   * @param data clean images
   * @param split split name for the manifest ("-" when the data have none)
   * @param corruptions which corruptions, in output order
   * @param levels which severities
   * @param format on-disk layout
   * @param seed root seed ({@link CorruptionSeeds})
   * @param out output folder
   * @param threads worker threads (at least 1)
   * @param commandLine recorded in the manifest
   */
  public record Job(Dataset data, String split, List<Corruption> corruptions, List<Severity> levels,
      SetFormat format, long seed, Path out, int threads, List<String> commandLine) {
    public Job {
      Objects.requireNonNull(data, "data");
      if (data.size() == 0) {
        throw new IllegalArgumentException(data.source() + " holds no images; nothing to corrupt");
      }
      if (corruptions.isEmpty() || levels.isEmpty()) {
        throw new IllegalArgumentException("choose at least one corruption and one level");
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      corruptions = List.copyOf(corruptions);
      levels = List.copyOf(levels);
      commandLine = List.copyOf(commandLine);
    }
  }

  /** What happened: part names written and skipped, corruptions unavailable. */
  public record Result(List<String> written, List<String> skipped,
      List<SetManifest.Unavailable> unavailable, Path manifest) {}

  private final Corrupter corrupter;

  /** A writer with the real kernels. */
  public CorruptedSetWriter() {
    this(KERNELS);
  }

  /** A writer with another corrupter (tests, benchmarks). */
  public CorruptedSetWriter(Corrupter corrupter) {
    this.corrupter = Objects.requireNonNull(corrupter, "corrupter");
  }

  /**
   * Writes the set described by {@code job}.
   *
   * @throws IllegalArgumentException when {@link #checkOut} refuses {@code job.out()}
   */
  public Result write(Job job, Listener listener) {
    checkOut(job);
    try (PartCorrupter work = new PartCorrupter(corrupter, job.threads(), job.seed())) {
      return write(job, listener, work);
    }
  }

  private Result write(Job job, Listener listener, PartCorrupter work) {
    Path out = job.out();
    List<LabeledImage> clean = work.load(job.data());
    Image[] images = clean.stream().map(LabeledImage::image).toArray(Image[]::new);
    int[] labels = clean.stream().mapToInt(LabeledImage::label).toArray();
    job.format().checkFits(images[0], labels);
    SetManifest fresh = manifest(job, labels.length, Map.of(), List.of(), List.of());
    SetManifest previous = JsonFiles.read(out.resolve(MANIFEST), SetManifest.class)
        .filter(fresh::sameRecipe).orElse(null);

    Map<String, String> files = new LinkedHashMap<>();
    Path shared = job.format().sharedLabels(out);
    if (shared != null) {
      org.ttt4j.data.Npy.writeLabels(shared, tile(labels, job.levels().size()));
      files.put(out.relativize(shared).toString(), Digests.sha256(shared));
    }
    List<List<Severity>> groups = job.format().stacksLevels()
        ? List.of(job.levels()) : job.levels().stream().map(List::of).toList();
    List<SetManifest.Part> parts = new ArrayList<>();
    List<Runnable> todo = new ArrayList<>();
    List<String> written = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<SetManifest.Unavailable> unavailable = new ArrayList<>();
    List<Corruption> available = new ArrayList<>();
    int[] toMake = {0};
    for (Corruption c : job.corruptions()) {
      for (List<Severity> levels : groups) {
        String name = job.format().partName(c, levels);
        SetManifest.Part done = finished(previous, out, c, levels, labels.length);
        if (done != null) {
          parts.add(done);
          skipped.add(name);
          listener.partSkipped(name);
          continue;
        }
        toMake[0] += levels.size() * labels.length;
        todo.add(() -> {
          if (unavailable.stream().anyMatch(u -> u.corruption().equals(c.id()))) {
            listener.imagesDone(levels.size() * labels.length);
            return;
          }
          listener.partStarted(name);
          int partImages = levels.size() * labels.length;
          java.util.concurrent.atomic.AtomicInteger counted = new java.util.concurrent.atomic.AtomicInteger();
          Listener counting = new Listener() {
            @Override
            public void imagesDone(int count) {
              counted.addAndGet(count);
              listener.imagesDone(count);
            }
          };
          try {
            Image[][] made = work.corrupt(c, levels, images, counting);
            Map<String, String> sha = job.format().writePart(out, c, levels, made, labels,
                job.data().classNames());
            parts.add(new SetManifest.Part(c.id(), levelNumbers(levels), labels.length, sha));
            written.add(name);
            listener.partWritten(name);
          } catch (PartCorrupter.NotAvailable e) {
            listener.imagesDone(partImages - counted.get());
            unavailable.add(new SetManifest.Unavailable(c.id(), e.getMessage()));
            listener.unavailable(c, e.getMessage());
          }
          JsonFiles.write(out.resolve(MANIFEST), manifest(job, labels.length, files, parts, unavailable));
        });
      }
    }
    listener.started(toMake[0]);
    todo.forEach(Runnable::run);
    for (Corruption c : job.corruptions()) {
      if (unavailable.stream().noneMatch(u -> u.corruption().equals(c.id()))) {
        available.add(c);
      }
    }
    if (!available.isEmpty()) {
      Path sheet = out.resolve(CONTACT_SHEET);
      writeContactSheet(sheet, available, job, images);
      files.put(CONTACT_SHEET, Digests.sha256(sheet));
    }
    if (previous != null) { // keep parts of other corruptions made earlier by the same recipe
      previous.parts().stream().filter(p -> parts.stream().noneMatch(q -> samePart(p, q)))
          .forEach(parts::add);
    }
    Path manifest = out.resolve(MANIFEST);
    JsonFiles.write(manifest, manifest(job, labels.length, files, parts, unavailable));
    return new Result(written, skipped, unavailable, manifest);
  }

  /**
   * Refuses an {@code out} that is a file, or that holds a set made with other settings (format,
   * seed, data, split, image count, kernels; for npy, whose parts stack all levels and share one
   * labels file, also the levels): writing there would mix two runs in one folder. A set of the same
   * settings is fine; its finished parts are skipped and its other corruptions kept.
   */
  public static void checkOut(Job job) {
    Path out = job.out();
    if (Files.isRegularFile(out)) {
      throw new IllegalArgumentException("--out " + out + " is a file, not a folder; give a folder path");
    }
    SetManifest previous = JsonFiles.read(out.resolve(MANIFEST), SetManifest.class).orElse(null);
    if (previous == null) {
      return;
    }
    List<String> differ = new ArrayList<>(
        previous.differences(manifest(job, job.data().size(), Map.of(), List.of(), List.of())));
    List<Integer> levels = levelNumbers(job.levels());
    if (job.format().stacksLevels() && differ.isEmpty()) {
      previous.parts().stream().map(SetManifest.Part::levels).filter(l -> !l.equals(levels))
          .findFirst().ifPresent(l -> differ.add("levels: " + joined(l) + " there, " + joined(levels) + " now"));
    }
    if (!differ.isEmpty()) {
      throw new IllegalArgumentException("--out " + out + " holds a set made with other settings ("
          + String.join("; ", differ) + "); choose another --out or delete it");
    }
  }

  private static String joined(List<Integer> levels) {
    return String.join(",", levels.stream().map(String::valueOf).toList());
  }

  /** The recorded part if every one of its files is on disk with the recorded SHA-256. */
  private static SetManifest.Part finished(SetManifest previous, Path out, Corruption c,
      List<Severity> levels, int images) {
    if (previous == null) {
      return null;
    }
    for (SetManifest.Part p : previous.parts()) {
      if (p.corruption().equals(c.id()) && p.levels().equals(levelNumbers(levels))
          && p.images() == images && !p.sha256().isEmpty()
          && p.sha256().entrySet().stream()
              .allMatch(e -> Digests.matches(out.resolve(e.getKey()), e.getValue()))) {
        return p;
      }
    }
    return null;
  }

  private void writeContactSheet(Path file, List<Corruption> rows, Job job, Image[] images) {
    int k = Math.min(SHEET_IMAGES, images.length);
    List<String> columns = new ArrayList<>(List.of("clean"));
    job.levels().forEach(s -> columns.add("severity " + s.level()));
    List<ContactSheet.Row> sheetRows = new ArrayList<>();
    for (Corruption c : rows) {
      Image[][] cells = new Image[columns.size()][k];
      for (int i = 0; i < k; i++) {
        cells[0][i] = images[i];
        for (int l = 0; l < job.levels().size(); l++) {
          Severity s = job.levels().get(l);
          cells[l + 1][i] = corrupter.apply(c, images[i], s, CorruptionSeeds.seed(job.seed(), i, c, s));
        }
      }
      sheetRows.add(new ContactSheet.Row(c.id(), cells));
    }
    var image = ContactSheet.render(columns, sheetRows);
    AtomicFiles.write(file, o -> ImageIO.write(image, "png", o));
  }

  private static SetManifest manifest(Job job, int images, Map<String, String> files,
      List<SetManifest.Part> parts, List<SetManifest.Unavailable> unavailable) {
    return new SetManifest(SetManifest.VERSION, SPEC_VERSION, Versions.ttt4jVersion(),
        Instant.now().toString(), job.commandLine(), job.seed(), CorruptionSeeds.RULE,
        job.data().source(), job.split(), images, job.format().name().toLowerCase(java.util.Locale.ROOT),
        job.data().classNames(), Map.copyOf(files), List.copyOf(parts), List.copyOf(unavailable));
  }

  private static boolean samePart(SetManifest.Part a, SetManifest.Part b) {
    return a.corruption().equals(b.corruption()) && a.levels().equals(b.levels());
  }

  private static List<Integer> levelNumbers(List<Severity> levels) {
    return levels.stream().map(Severity::level).toList();
  }

  private static int[] tile(int[] labels, int times) {
    int[] out = new int[labels.length * times];
    for (int t = 0; t < times; t++) {
      System.arraycopy(labels, 0, out, t * labels.length, labels.length);
    }
    return out;
  }
}
