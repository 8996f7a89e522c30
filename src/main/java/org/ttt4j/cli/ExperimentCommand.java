package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.CorruptionList;
import org.ttt4j.experiment.EvalSpec;
import org.ttt4j.experiment.Experiment;
import org.ttt4j.experiment.LatentStudy;
import org.ttt4j.experiment.ObjectSizes;
import org.ttt4j.experiment.RunFolder;
import org.ttt4j.experiment.Scale;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.JsonFiles;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.report.ClassNames;
import org.ttt4j.report.EvalRun;
import org.ttt4j.report.ExperimentReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ttt4j experiment NAME}: one of seed 000's analyses as a recorded recipe: the eval runs it
 * needs (complete ones skipped, interrupted ones resumed), the extra tables (object sizes,
 * latents), then its report.
 */
@Command(name = "experiment", description = "Seed 000's analyses, each a recipe of `ttt4j eval`"
    + " runs and a report: steps-optimizer, batch-size, online-vs-standard, stream-order,"
    + " latent-pca, per-class, or all.")
final class ExperimentCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "steps-optimizer, batch-size,"
      + " online-vs-standard, stream-order, latent-pca, per-class, or all.")
  String name;

  @Option(names = "--model", description = "Checkpoint or run folder (default: the shipped model).")
  String model;
  @Option(names = "--data", defaultValue = "fashion-mnist", description = "Dataset as for `ttt4j"
      + " eval` (default: ${DEFAULT-VALUE}).")
  String data;
  @Option(names = "--corruptions", defaultValue = Scale.TABLE1, description = "Corruptions"
      + " (default: seed 000's Table 1, ${DEFAULT-VALUE}).")
  String corruptions;
  @Option(names = "--level", defaultValue = "5", description = "Severity 1..5 (default:"
      + " ${DEFAULT-VALUE}).")
  int level;
  @Option(names = "--samples", description = "Samples per corruption of the main runs, at least 5,"
      + " a multiple of 5 for stream-order and all (default: each experiment's own, a few minutes"
      + " on 2 cores).")
  Integer samples;
  @Option(names = "--seed", defaultValue = "0",
      description = "Root seed of the runs (default: ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--out", description = "Folder of the runs (default: runs/experiments/NAME,"
      + " or runs/experiments for all).")
  Path out;
  @Option(names = "--report", description = "Folder of the report (default: the --out folder;"
      + " for all, one subfolder per experiment and report.html over all of them).")
  Path report;
  @Option(names = "--report-only", description = "Build the report from the runs already there.")
  boolean reportOnly;
  @Option(names = "--window", defaultValue = "50", description = "Moving-average window of the"
      + " stream figures, in samples (default: ${DEFAULT-VALUE}; a third of the longest segment"
      + " when no segment holds two windows).")
  int window;

  @Override
  public Integer call() {
    boolean all = name.equals("all");
    // usage errors before any run: names, values, and the model and data the runs will need
    List<Experiment> todo = all ? List.of(Experiment.values())
        : List.of(OptionValues.check(spec, () -> Experiment.parse(name)));
    Scale scale = OptionValues.check(spec, () -> new Scale(model, data, corruptions, level,
        samples, seed));
    OptionValues.check(spec, () -> CorruptionList.parse(corruptions));
    if (todo.contains(Experiment.STREAM_ORDER) && samples != null && samples % 5 != 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "stream-order runs gradual"
          + " streams, which take --samples/5 images per level; give a multiple of 5, got "
          + samples);
    }
    if (window < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--window must be >= 1"
          + " samples, got " + window);
    }
    for (Path folder : java.util.Arrays.asList(out, report)) {
      if (folder != null && Files.exists(folder) && !Files.isDirectory(folder)) {
        throw new CommandLine.ParameterException(spec.commandLine(), folder + " is a file; --out"
            + " and --report take folders");
      }
    }
    if (!reportOnly) {
      ModelOption.resolve(model);                             // a missing model fails now
      DataOptions opts = new DataOptions();
      opts.data = data;
      opts.open(org.ttt4j.data.Split.TEST);                   // and missing data too
    }
    Path root = out != null ? out : Path.of("runs", "experiments");
    List<ExperimentReport.Section> sections = new ArrayList<>();
    PrintWriter err = spec.commandLine().getErr();
    for (Experiment e : todo) {
      Path dir = all || out == null ? root.resolve(e.id()) : root;
      Path to = report == null ? dir : all ? report.resolve(e.id()) : report;
      if (!reportOnly) {
        int code = runAll(e, scale, dir, err);
        if (code != 0) {
          return code;
        }
      }
      ExperimentReport.Section s = section(e, scale, dir);
      Path reading = to.resolve("README.md");        // a hand-written reading, when there is one
      if (Files.isRegularFile(reading)) {
        s = s.withReading(readString(reading));
      }
      var w = ExperimentReport.write(to, s);
      err.println("wrote " + w.html() + ", " + w.markdown() + " and " + w.figures().size()
          + " figures");
      sections.add(s);
    }
    if (all) {
      Path html = (report != null ? report : root).resolve("report.html");
      ExperimentReport.writeCombined(html, "ttt4j experiments: seed 000's analyses", sections);
      err.println("wrote " + html);
    }
    err.flush();
    return 0;
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The eval runs (skipping complete ones, resuming stopped ones), then the extra tables. Ctrl-C
   * stops the run in progress (which checkpoints itself) and then this experiment, with a line
   * that says how to continue: the experiment listens for the signal itself, so that its line is
   * written before the JVM exits, and no further run starts once the signal came.
   */
  private int runAll(Experiment e, Scale scale, Path dir, PrintWriter err) {
    try (StopOnSignal stop = StopOnSignal.install()) {
      int code = runEvals(e, scale, dir, err, stop::requested);
      if (code != 0) {
        return code;
      }
    }
    extras(e, dir, err);
    return 0;
  }

  /**
   * The eval runs of {@code e} into {@code dir}: complete ones skipped, stopped ones resumed; 130
   * (as eval's own Ctrl-C) when {@code stopped} says so before a run would start, or an eval's
   * exit code when one ends otherwise than with 0, each with a line on {@code err} that says how
   * to go on.
   */
  static int runEvals(Experiment e, Scale scale, Path dir, PrintWriter err,
      BooleanSupplier stopped) {
    List<EvalSpec> runs = e.runs(scale);
    for (int i = 0; i < runs.size(); i++) {
      EvalSpec r = runs.get(i);
      Path run = dir.resolve(r.name());
      RunFolder state = RunFolder.of(run, r);
      if (state != RunFolder.COMPLETE && stopped.getAsBoolean()) {
        err.println("ttt4j: stopped before the " + e.id() + " run " + r.name() + "; run the"
            + " experiment again to continue it");
        err.flush();
        return 130;
      }
      err.println("[" + e.id() + " " + (i + 1) + "/" + runs.size() + "] " + r.name() + ": "
          + switch (state) {
            case COMPLETE -> "complete, skipped";
            case PARTIAL -> "resuming " + run;
            case ABSENT -> "running into " + run;
          });
      err.flush();
      if (state == RunFolder.COMPLETE) {
        continue;
      }
      List<String> args = new ArrayList<>(List.of("eval"));
      if (state == RunFolder.PARTIAL) {
        args.addAll(List.of("--resume", run.toString()));
      } else {
        args.addAll(r.args());
        args.addAll(List.of("--out", run.toString()));
      }
      int code = Main.execute(args.toArray(String[]::new));
      if (code != 0) {
        err.println("ttt4j: the " + e.id() + " run " + r.name() + " ended with code " + code
            + (code == 130 ? " (stopped)" : "") + "; run the experiment again to continue it");
        err.flush();
        return code;
      }
    }
    if (stopped.getAsBoolean()) {
      err.println("ttt4j: stopped after the runs of " + e.id() + "; run the experiment again"
          + " to finish it (its runs are complete and will be skipped)");
      err.flush();
      return 130;
    }
    return 0;
  }

  /** Object sizes or latents: what the report needs besides the records. */
  private void extras(Experiment e, Path dir, PrintWriter err) {
    int n = samples != null ? samples : e.defaultSamples();
    DataOptions opts = new DataOptions();
    opts.data = data;
    switch (e.extra()) {
      case NONE -> { }
      case SIZES -> {
        Path file = dir.resolve("sizes.csv");
        ObjectSizes.write(opts.open(Split.TEST), n, file);
        err.println("wrote " + file);
      }
      case LATENTS -> latents(dir, n, opts, err);
    }
  }

  /**
   * latents.csv and its manifest (latents.manifest.json); an existing table is reused only when
   * its manifest says it was made with the same settings.
   */
  private void latents(Path dir, int n, DataOptions opts, PrintWriter err) {
    Path file = dir.resolve("latents.csv");
    Path manifestFile = dir.resolve("latents.manifest.json");
    LatentStudy study = LatentStudy.tuned(CorruptionList.parse(corruptions), level, n, seed);
    Path modelFile = ModelOption.resolve(model);
    Map<String, Object> configs = new LinkedHashMap<>();
    configs.put("model", modelFile.toString());
    configs.put("data", data);
    configs.put("study", JsonFiles.toCompactJson(study.settings()));
    if (Files.isRegularFile(file)) {
      Optional<RunManifest> made = JsonFiles.read(manifestFile, RunManifest.class);
      String wanted = JsonFiles.toCompactJson(configs);
      if (made.isPresent() && made.get().finished() != null
          && JsonFiles.toCompactJson(made.get().configs()).equals(wanted)) {
        err.println(file + " was made with these settings: skipped");
        return;
      }
      throw new IllegalArgumentException(file + " was made with other settings (or has no "
          + manifestFile.getFileName() + "); delete it or choose another --out");
    }
    List<String> command = OptionValues.commandLine(spec);
    RunManifest manifest = RunManifest.start(command, configs, seed, opts.provenance(Split.TEST));
    Dataset test = opts.open(Split.TEST);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = Checkpoint.load(modelFile, m)) {
      ModelOption.requireFits(vit, modelFile, test, true);
      study.write(vit, test, file, msg -> {
        err.println("[latent-pca] " + msg);
        err.flush();
      });
    }
    manifest.finish(Map.of(ExperimentReport.CLASS_NAMES, test.classNames()))
        .write(manifestFile);
    err.println("wrote " + file + " and " + manifestFile);
  }

  private ExperimentReport.Section section(Experiment e, Scale scale, Path dir) {
    List<EvalRun> runs = new ArrayList<>();
    for (EvalSpec r : e.runs(scale)) {
      if (!Files.exists(dir.resolve(r.name()))) {
        throw new IllegalArgumentException(dir + " has no " + r.name() + " run of " + e.id()
            + (reportOnly ? "; --report-only reports the runs that `ttt4j experiment " + e.id()
            + "` made there: run it without --report-only first (or give its --out)" : ""));
      }
      EvalRun run = EvalRun.read(dir.resolve(r.name()), r.name());
      run.warnings().forEach(w -> spec.commandLine().getErr().println("ttt4j: warning: " + w));
      runs.add(run);
    }
    return switch (e) {
      case STEPS_OPTIMIZER -> ExperimentReport.stepsOptimizer(runs);
      case BATCH_SIZE -> ExperimentReport.batchSize(runs);
      case ONLINE_VS_STANDARD -> ExperimentReport.onlineVsStandard(runs, window);
      case STREAM_ORDER -> ExperimentReport.streamOrder(runs, window);
      case LATENT_PCA -> ExperimentReport.latentPca(dir.resolve("latents.csv"),
          ClassNames.of(data));
      case PER_CLASS -> ExperimentReport.perClass(runs, dir.resolve("sizes.csv"));
    };
  }
}
