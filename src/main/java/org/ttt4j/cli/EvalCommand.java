package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.StreamSpec;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.provenance.FolderLock;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;
import org.ttt4j.ttt.TttConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ttt4j eval}: a TTT strategy over a test stream; one JSON line per sample
 * (records.jsonl), a run manifest, and a Table-1-style summary (summary.md, summary.csv). The
 * options of the adaptation are {@link EvalTttOptions}, the stream is an {@link EvalStream}, and
 * {@code --resume} goes through {@link EvalResume}.
 */
@Command(name = "eval", description = "Test-time training over a stream of corrupted test"
    + " images: records per sample, manifest, summary with 95 %% intervals.")
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", description = "Checkpoint or run folder (default: the shipped model).")
  String model;
  @Option(names = "--data", defaultValue = "fashion-mnist", description = "fashion-mnist, or a"
      + " dataset path (IDX, CIFAR .bin, .npy, class folders; default: ${DEFAULT-VALUE}).")
  String data;
  @Option(names = "--split", defaultValue = "test", description = "test, train or val (the"
      + " validation images: see --val; default: ${DEFAULT-VALUE}).")
  String split;

  @Mixin EvalTttOptions adapt;

  @Option(names = "--stream", defaultValue = "separate",
      description = "separate, consecutive, shuffled, gradual, shuffled-levels, class-ordered,"
          + " continuous (severity rising), blend (one corruption turning into the next), clean"
          + " (default: ${DEFAULT-VALUE}).")
  String stream;
  @Option(names = "--corruptions", defaultValue = "benchmark",
      description = "all, benchmark, extra or names (default: ${DEFAULT-VALUE}).")
  String corruptions;
  @Option(names = "--level", defaultValue = "5", description = "Corruption severity 1-5; the"
      + " gradual, shuffled-levels and continuous streams run through 1-5 themselves and take it"
      + " only for the --holdout images (default: ${DEFAULT-VALUE}).")
  int level;
  @Option(names = "--samples", defaultValue = "100", description = "Samples per corruption,"
      + " the dataset's first images (blend: per pair of neighbouring corruptions; clean: in all;"
      + " gradual, shuffled-levels: a multiple of 5; default: ${DEFAULT-VALUE}).")
  int samples;
  @Option(names = "--seed", defaultValue = "0",
      description = "Seed of the stream, views and masks (default: ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--val", defaultValue = "5000", description = "With --split val: the last N"
      + " training images, the split TTT hyper-parameters are tuned on (default: as many as the"
      + " model's run held out, from its manifest; else ${DEFAULT-VALUE}). More is refused.")
  int validation;

  @Option(names = "--holdout-every", defaultValue = "0", description = "Every N samples and at each"
      + " segment's end, measure the current weights on held-out images of the segment's shift, without training on them"
      + " (holdout.jsonl; 0 = off, the default).")
  int holdoutEvery;
  @Option(names = "--holdout", defaultValue = "500", description = "Held-out images per corruption"
      + " (the dataset's last ones; default: ${DEFAULT-VALUE}).")
  int holdoutSize;
  @Option(names = "--checkpoint-every", defaultValue = "200", description = "Samples between"
      + " checkpoints of the adapting state (state.safetensors; default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--out", description = "Run folder (new).") Path out;
  @Option(names = "--resume", paramLabel = "RUN", description = "Continue an interrupted run in"
      + " this folder with its original options: no record lost or repeated.")
  Path resume;

  /** Set when this command re-runs a stopped run's original command line ({@link EvalResume}). */
  boolean resuming;

  /** The command line of the resume that re-runs this run's original one (null: a new run). */
  List<String> resumeCommand;

  /**
   * The validation images a resumed run began on, when its command line did not say (null
   * otherwise): a resume keeps them, whatever the model's manifest says today.
   */
  Integer resumedValidation;

  @Override
  public Integer call() {
    if (resume != null) {
      return EvalResume.resume(spec, resume);
    }
    if (out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give --out RUN for a new run, or --resume RUN to continue one");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out
          + " is a file, not a folder; give a new folder path for the run");
    }
    // a quick answer before anything loads; asked again under the folder's lock below
    if (!resuming) {
      EvalResume.requireNewFolder(spec, out);
    }
    // every option value is checked before anything is loaded, locked or written: a usage
    // error leaves no folder behind
    Strategy strat = adapt.strategy(spec);
    OptimizerConfig.Kind kind = adapt.optimizerKind(spec);
    if (!resuming) {      // a run started before these checks continues as it began
      requireOptionsThatApply(strat, kind);
    }
    adapt.requireAdapting(spec, strat, kind, resuming);
    if (holdoutEvery < 0 || checkpointEvery < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--holdout-every must be >= 0"
          + " (0 = off) and --checkpoint-every >= 1; got " + holdoutEvery + " and "
          + checkpointEvery);
    }
    OptionValues.check(spec, () -> DataOptions.isValidation(split));
    StreamSpec streamSpec = EvalStream.describe(spec, stream, corruptions, level, samples, seed);
    TttConfig.Recipe validated = TttConfig.validated(strat);
    OptimizerConfig optimizerConfig = adapt.optimizer(spec, kind, validated);
    Path file = ModelOption.resolve(model);
    DataOptions opts = new DataOptions();
    opts.data = data;
    opts.validation = !DataOptions.isValidation(split) ? validation
        : resumedValidation != null
            ? HeldOutImages.validation(spec, file, data, resumedValidation, true, true)
            : HeldOutImages.validation(spec, file, data, validation, resuming);
    EvalStream test = EvalStream.open(spec, opts, split, streamSpec, holdoutEvery, holdoutSize);
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = Checkpoint.load(file, m)) {
      ModelOption.requireFits(vit, file, test.clean(), true);
      TttConfig ttt = adapt.config(spec, vit.config().depth(), optimizerConfig, validated, seed);
      // the folder is locked before its manifest is written: a second job on it (two new runs
      // with one --out, or a resume while the run still goes) is refused and changes nothing
      try (FolderLock lock = FolderLock.acquire(out)) {
        return run(vit, lock, file, strat, ttt, streamSpec, test);
      }
    }
  }

  /** The run itself, every option checked: manifest, adaptation, records, summary. */
  private int run(YShapedVit vit, FolderLock lock, Path file, Strategy strat, TttConfig ttt,
      StreamSpec streamSpec, EvalStream test) {
    if (!resuming) {
      EvalResume.requireNewFolder(spec, out);
    }
    Path manifestFile = out.resolve("manifest.json");
    RunManifest[] manifest = {manifest(EvalOutput.configs(file, strat, ttt, streamSpec,
        holdoutEvery, holdoutSize), test)};
    List<List<Sample>> segments = test.segments();
    int total = test.total();
    if (!resuming) {        // the resume's own line gave none
      EvalTttOptions.ignoredBy(spec, strat).ifPresent(spec.commandLine().getErr()::println);
    }
    spec.commandLine().getErr().println(EvalTttOptions.settingsLine(strat, ttt, total, out));
    // offline TTT adapts on the whole stream before its first prediction: its bar counts the
    // adaptation steps too, so it moves (and gives an honest ETA) during the silent part
    int passes = strat instanceof Strategy.Offline off ? off.epochs() : 0;
    ProgressBar bar = ProgressBar.onStderr(strat.id(), (long) total * (1 + passes),
        passes > 0 ? "steps+predictions" : "samples");
    int[] correct = {0, 0};
    Evaluation.Outcome outcome;
    try (Adapter adapter = new Adapter(vit, ttt);
        StopOnSignal stop = StopOnSignal.install()) {
      if (passes > 0) {
        adapter.observeSteps(sources -> bar.advance(1));
      }
      Evaluation.Options options = new Evaluation.Options(out, checkpointEvery, resuming,
          stop::requested, holdoutEvery, test.holdout(), kept -> {
            // the manifest says who continued the run, and after how many records
            manifest[0] = manifest[0].resumedBy(resumeCommand != null ? resumeCommand
                : OptionValues.commandLine(spec), kept.size());
            manifest[0].write(manifestFile);
            // the bar and its running accuracy start where the run stopped
            bar.startAt(unitsDone(segments, passes, kept.size()));
            correct[0] = (int) kept.stream().filter(Evaluation.Record::correct).count();
            correct[1] = kept.size();
          });
      outcome = Evaluation.run(lock, segments, strat, adapter, options, r -> {
        correct[0] += r.correct() ? 1 : 0;
        correct[1]++;
        bar.field("acc", String.format("%.1f%%", 100.0 * correct[0] / correct[1]));
        bar.advance(1);
      });
      bar.finish();
      if (!outcome.complete()) {
        spec.commandLine().getErr().println("stopped after " + outcome.records().size()
            + " samples; continue with: ttt4j eval --resume " + out);
        return 130;
      }
    }
    EvalOutput.writeSummary(out, strat, outcome, manifest[0], spec.commandLine().getOut());
    return 0;
  }

  /**
   * The manifest of this run: a new one, written before the first sample, or the stopped run's,
   * which must have been made with the same {@code configs} on the same split of images.
   */
  private RunManifest manifest(Map<String, Object> configs, EvalStream test) {
    if (resuming) {
      return EvalResume.continued(out, configs, test.provenance(split));
    }
    RunManifest started = RunManifest.start(OptionValues.commandLine(spec), configs, seed,
        test.provenance(split));
    started.write(out.resolve("manifest.json"));
    return started;
  }

  /**
   * Where {@code eval} stands in a manifest's command line, or -1 when the command is another
   * one: the first word after {@code ttt4j} that is not an option ({@code ttt4j -v eval ...}),
   * so that {@code ttt4j demo --out eval} is not taken for an eval run.
   */
  static int evalAt(List<String> command) {
    for (int i = 1; i < command.size(); i++) {
      if (!command.get(i).startsWith("-")) {
        return command.get(i).equals("eval") ? i : -1;
      }
    }
    return -1;
  }

  /**
   * Refuses options the strategy would ignore without a word: a user who gives {@code --steps 5}
   * to offline TTT (one step per sample and epoch) must not believe it ran.
   */
  private void requireOptionsThatApply(Strategy strat, OptimizerConfig.Kind kind) {
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    String why = null;
    // (fixed takes every TTT option and adapts nothing: a sweep may pass the same ones to all;
    // run() notes which of them it ignores)
    if (given.hasMatchedOption("--steps") && strat instanceof Strategy.Offline) {
      why = "--steps: offline TTT takes one step per sample in each of its --epochs";
    } else if (given.hasMatchedOption("--window") && !(strat instanceof Strategy.Window)) {
      why = "--window is window TTT's (--strategy window)";
    } else if (given.hasMatchedOption("--epochs") && !(strat instanceof Strategy.Offline)) {
      why = "--epochs is offline TTT's (--strategy offline)";
    } else if (given.hasMatchedOption("--momentum") && kind == OptimizerConfig.Kind.ADAMW) {
      why = "--momentum is SGD's; AdamW runs with betas 0.9, 0.999";
    } else if (given.hasMatchedOption("--holdout") && holdoutEvery == 0) {
      why = "--holdout sizes the held-out sets that --holdout-every N measures (0 = none)";
    } else if (given.hasMatchedOption("--val") && !split.equalsIgnoreCase("val")) {
      why = "--val sizes the validation split, which only --split val runs on";
    } else if (EvalStream.isClean(stream) && (given.hasMatchedOption("--corruptions")
        || given.hasMatchedOption("--level"))) {
      why = "--corruptions and --level: the clean stream has no corruption";
    }
    // (--level with the level-sweeping streams is accepted: `ttt4j experiment` passes the same
    // common options to every stream of its stream-order study)
    if (why != null) {
      throw OptionValues.ignored(spec, why);
    }
  }

  /**
   * Units of the progress bar done when {@code kept} records were kept: each sample counts once,
   * plus {@code passes} adaptation steps per sample for offline TTT, whose segments adapt in full
   * before predicting (a resume inside a segment restarts with its predictions).
   */
  static long unitsDone(List<List<Sample>> segments, int passes, int kept) {
    long done = 0;
    int left = kept;
    for (List<Sample> segment : segments) {
      int n = segment.size();
      if (left >= n) {
        done += (long) n * (1 + passes);
        left -= n;
      } else {
        done += left > 0 ? (long) n * passes + left : 0;
        break;
      }
    }
    return done;
  }

  /** How a manifest records the TTT settings that ran (eval's, demo's). */
  static Map<String, Object> settings(TttConfig ttt) {
    Map<String, Object> m = new LinkedHashMap<>();       // one key order in every manifest
    m.put("group", ttt.group().id());
    m.put("optimizer", ttt.optimizer());
    m.put("maskRatio", ttt.maskRatio());
    m.put("batch", ttt.batch());
    m.put("cropMinScale", ttt.cropMinScale());
    m.put("clipNorm", ttt.clipNorm());
    return m;
  }
}
