package org.ttt4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Image;
import org.ttt4j.data.LabeledImage;
import org.ttt4j.data.DatasetFormat;
import org.ttt4j.data.FashionMnist;
import org.ttt4j.data.Slice;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.data.corruptions.CorruptionList;
import org.ttt4j.data.corruptions.CorruptedSetWriter;
import org.ttt4j.data.corruptions.ParamTable;
import org.ttt4j.data.corruptions.SetFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttt4j corrupt}: writes an ImageNet-C style corrupted set (see {@link CorruptedSetWriter}). */
@Command(name = "corrupt",
    description = "Write corrupted copies of a dataset (ImageNet-C layout) with manifest.json and a contact sheet.")
final class CorruptCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", defaultValue = "fashion-mnist",
      description = "fashion-mnist, or a path: IDX, CIFAR .bin, images .npy + labels.npy, class folders, frames (default: ${DEFAULT-VALUE})")
  String data;

  @Option(names = "--split", defaultValue = "test", description = "train or test, for data that have both (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--corruptions", defaultValue = "all",
      description = "all, benchmark, extra, or names like gaussian_noise,fog (default: ${DEFAULT-VALUE})")
  String corruptions;

  @Option(names = "--levels", defaultValue = "1-5", description = "severities, e.g. 1-5 or 1,3,5 (default: ${DEFAULT-VALUE})")
  String levels;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(names = "--limit", description = "use only the first N images")
  Integer limit;

  @Option(names = "--format", defaultValue = "idx", description = "idx (grey images), npy or png (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--seed", defaultValue = "0", description = "root seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", description = "worker threads (default: all cores)")
  Integer threads;


  @Override
  public Integer call() {
    if (split.trim().equalsIgnoreCase("val") || split.trim().equalsIgnoreCase("validation")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--split " + split + ": corrupt"
          + " reads the train or test split of a dataset; for a val/ folder of class folders"
          + " (ImageNet's layout), pass the folder itself: --data "
          + Path.of(data.equalsIgnoreCase("fashion-mnist") ? "ROOT" : data).resolve("val"));
    }
    if (threads != null && threads < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1,"
          + " got " + threads);
    }
    Split s = OptionValues.check(spec, () -> Split.parse(split));
    var chosen = OptionValues.check(spec, () -> CorruptionList.parse(corruptions));
    var severities = OptionValues.check(spec, () -> CorruptionList.parseLevels(levels));
    var setFormat = OptionValues.check(spec, () -> SetFormat.parse(format));
    Dataset dataset = data.equalsIgnoreCase("fashion-mnist") ? FashionMnist.load(s)
        : DatasetFormat.open(Path.of(data), s);
    if (limit != null) {
      if (limit < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
      }
      dataset = Slice.first(dataset, limit);
    }
    requireTableFor(dataset, setFormat);
    List<String> args = OptionValues.commandLine(spec);
    var job = new CorruptedSetWriter.Job(dataset, s.name().toLowerCase(java.util.Locale.ROOT),
        chosen, severities, setFormat, seed, out, threads == null ? Runtime.getRuntime().availableProcessors() : threads, args);
    OptionValues.check(spec, () -> { // a file, or a set of other settings, is the wrong --out
      CorruptedSetWriter.checkOut(job);
      return job;
    });
    var reporter = new Reporter(spec.commandLine().getErr());
    CorruptedSetWriter.Result r = new CorruptedSetWriter().write(job, reporter);
    reporter.finish();
    var o = spec.commandLine().getOut();
    o.printf("wrote %d part(s), skipped %d finished part(s), %d corruption(s) not available; manifest: %s%n",
        r.written().size(), r.skipped().size(), r.unavailable().size(), r.manifest());
    if (r.written().isEmpty() && r.skipped().isEmpty()) {
      spec.commandLine().getErr().println("ttt4j: none of the requested corruptions is available yet");
      return 1;
    }
    return 0;
  }

  /**
   * The corruptions' parameters exist for the reference's image sides only (224, 64, 32, and 28):
   * other data are refused here, before any work, not by the first kernel that runs.
   */
  private void requireTableFor(Dataset dataset, SetFormat format) {
    if (dataset.size() == 0) {
      return;                        // the writer says there is nothing to corrupt
    }
    LabeledImage sample = dataset.get(0);
    Image first = sample.image();
    // the writer checks this too, but only once every clean image is in memory
    OptionValues.check(spec, () -> {
      format.checkFits(first, new int[] {sample.label()});
      return format;
    });
    int side = Math.max(first.height(), first.width());
    try {
      ParamTable.forSide(side);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), dataset.source() + " holds "
          + first.height() + "x" + first.width() + " images; the corruptions have the reference's"
          + " parameters for images of side 224 (ImageNet-C), 64 (Tiny-ImageNet-C), 32"
          + " (CIFAR-10-C) and 28 (Fashion-MNIST) only, and ttt4j does not resize: resize the"
          + " images to one of these sides first");
    }
  }

  /** Turns writer events into a progress bar and one-line notes. */
  private static final class Reporter implements CorruptedSetWriter.Listener {
    private final java.io.PrintWriter err;
    private ProgressBar bar;

    Reporter(java.io.PrintWriter err) {
      this.err = err;
    }

    @Override
    public void started(int images) {
      bar = ProgressBar.onStderr(err, "corrupt", images, "img");
    }

    @Override
    public void partStarted(String part) {
      bar.field("part", part);
    }

    @Override
    public void imagesDone(int count) {
      bar.advance(count);
    }

    @Override
    public void partSkipped(String part) {
      err.println("skip " + part + ": already written (SHA-256 matches manifest.json)");
    }

    @Override
    public void unavailable(Corruption c, String reason) {
      bar.message("not available: " + c.id() + " (" + reason + "); continuing with the others");
    }

    void finish() {
      if (bar != null) {
        bar.finish();
      }
    }
  }
}
