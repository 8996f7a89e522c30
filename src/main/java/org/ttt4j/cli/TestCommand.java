package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Slice;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.CorruptedDataset;
import org.ttt4j.data.corruptions.Corruption;
import org.ttt4j.data.corruptions.Severity;
import org.ttt4j.eval.Accuracy;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.RunManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ttt4j test [MODEL]}: clean top-1 accuracy of a fixed model, overall and per class. */
@Command(name = "test", description = "Clean accuracy of a model (no adaptation): top-1 with a"
    + " 95 %% Wilson interval, and per class.")
final class TestCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
      description = "Checkpoint or run folder (default: the shipped " + ModelOption.DEFAULT + ").")
  String model;

  @Option(names = "--data", defaultValue = "fashion-mnist",
      description = "fashion-mnist or a dataset path (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--split", defaultValue = "test", description = "test, train, or val (the last"
      + " --val training images, which `ttt4j train` holds out) (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--val", defaultValue = "5000", description = "With --split val: the last N"
      + " training images (default: as many as the model's run held out, from its manifest;"
      + " else ${DEFAULT-VALUE}, as `ttt4j train`). More than the run held out is refused.")
  int validation;

  @Option(names = "--limit", description = "Only the first N images.")
  Integer limit;

  @Option(names = "--record", description = "Add the result to manifest.json next to the model"
      + " (as test_top1, val_top1 or train_top1): the whole split of Fashion-MNIST, clean.")
  boolean record;

  @Option(names = "--corruption", description = "Corrupt every image on the fly (a name such as"
      + " gaussian_noise), as `ttt4j corrupt` would.")
  String corruption;

  @Option(names = "--level", defaultValue = "5", description = "Severity 1..5 with --corruption"
      + " (default: ${DEFAULT-VALUE}).")
  int level;

  @Option(names = "--seed", defaultValue = "0", description = "Corruption root seed"
      + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be >= 1 (the"
          + " first N images), got " + limit);
    }
    if (record && (limit != null || corruption != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--record keeps the clean"
          + " accuracy on the whole split (the figure the manifest reports); drop --limit and"
          + " --corruption, or drop --record");
    }
    if (record && !data.equalsIgnoreCase("fashion-mnist")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--record keeps the model's"
          + " Fashion-MNIST figure in its manifest (test_top1 for --split test), not one on --data "
          + data + "; drop --record (the printed figure stands on its own), or drop --data");
    }
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (corruption == null && (parsed.hasMatchedOption("--level")
        || parsed.hasMatchedOption("--seed"))) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--level and --seed set the"
          + " corruption: give --corruption NAME with them, or drop them for clean accuracy");
    }
    boolean onValidation = OptionValues.check(spec, () -> DataOptions.isValidation(split));
    if (record && onValidation && parsed.hasMatchedOption("--val")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--record keeps the figure on"
          + " the whole validation split, the images the model's run held out (as many as its"
          + " manifest says); drop --val, or drop --record");
    }
    Split s = onValidation ? Split.TRAIN : Split.parse(split);
    String splitName = onValidation ? "val" : s.name().toLowerCase(java.util.Locale.ROOT);
    Corruption corrupt = corruption == null ? null
        : OptionValues.check(spec, () -> Corruption.parse(corruption));
    Severity severity = OptionValues.check(spec, () -> Severity.of(level));
    Path file = ModelOption.resolve(model);
    Path manifestFile = ModelOption.manifestOf(file);
    if (record && !Files.isRegularFile(manifestFile)) {     // before the measurement, not after
      throw new CommandLine.ParameterException(spec.commandLine(), "--record: " + manifestFile
          + " does not exist, so there is no manifest to add the figure to; drop --record");
    }
    DataOptions opts = new DataOptions();
    opts.data = data;
    Dataset dataset;
    if (onValidation) {
      opts.validation = HeldOutImages.validation(spec, file, data, validation, false);
      dataset = OptionValues.check(spec, () -> opts.trainAndValidation().requireValidation());
    } else {
      dataset = opts.open(s);
    }
    if (limit != null) {
      dataset = Slice.first(dataset, Math.min(limit, dataset.size()));
    }
    if (corrupt != null) {
      dataset = new CorruptedDataset(dataset, corrupt, severity, seed);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = Checkpoint.load(file, m)) {
      ModelOption.requireFits(vit, file, dataset, true);
      ProgressBar bar = ProgressBar.onStderr("test", dataset.size(), "images");
      long[] done = {0};
      Accuracy acc = Accuracy.measure(vit, dataset, 256, n -> {
            bar.advance(n - done[0]);
            done[0] = n;
          });
      bar.finish();
      double[] ci = acc.wilson95();
      out.printf("%s on %s/%s (%d images): top-1 %.2f %% [95 %% CI %.2f, %.2f]%n", file,
          dataset.source(), splitName, acc.total(),
          100 * acc.top1(), 100 * ci[0], 100 * ci[1]);
      List<String> names = dataset.classNames();
      for (int k = 0; k < acc.perClassTotal().length; k++) {
        String name = k < names.size() ? names.get(k) : "class " + k;
        if (acc.perClassTotal()[k] == 0) {
          out.printf("  %-14s      —    (no images)%n", name);
        } else {
          out.printf("  %-14s %6.2f %%  (%d/%d)%n", name, 100 * acc.classTop1(k),
              acc.perClassCorrect()[k], acc.perClassTotal()[k]);
        }
      }
      if (record) {
        recordInManifest(manifestFile, dataset, splitName, acc);
      }
    }
    return 0;
  }

  private void recordInManifest(Path manifestFile, Dataset dataset, String key, Accuracy acc) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put(key + "_top1", acc.top1());
    metrics.put(key + "_images", acc.total());
    metrics.put(key + "_top1_ci95", acc.wilson95());
    Map<String, Double> perClass = new LinkedHashMap<>();
    for (int k = 0; k < acc.perClassTotal().length; k++) {
      perClass.put(k < dataset.classNames().size() ? dataset.classNames().get(k) : "" + k,
          acc.classTop1(k));
    }
    metrics.put(key + "_top1_per_class", perClass);
    RunManifest.addMetrics(manifestFile, metrics);
    spec.commandLine().getErr().println("recorded in " + manifestFile);
  }
}
