package org.ttt4j.cli;

import static org.ttt4j.cli.OptionValues.num;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Split;
import org.ttt4j.data.corruptions.CorruptionList;
import org.ttt4j.eval.Evaluation;
import org.ttt4j.eval.StreamSpec;
import org.ttt4j.eval.Summary;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.ParamGroup;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.optim.OptimizerConfig;
import org.ttt4j.provenance.AtomicFiles;
import org.ttt4j.provenance.FolderLock;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.train.TrainState;
import org.ttt4j.ttt.Adapter;
import org.ttt4j.ttt.Sample;
import org.ttt4j.ttt.Strategy;
import org.ttt4j.ttt.TttConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ttt4j eval}: a TTT strategy over a test stream; one JSON line per sample
 * (records.jsonl), a run manifest, and a Table-1-style summary (summary.md, summary.csv).
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

  @Option(names = "--strategy", defaultValue = "online",
      description = "fixed, standard, online, window or offline (default: ${DEFAULT-VALUE}).")
  String strategy;
  @Option(names = "--steps", description = "Standard: steps K per sample (default: 20);"
      + " online/window: steps per sample (default: 1).")
  Integer steps;
  @Option(names = "--window", defaultValue = "16",
      description = "Window: the last k samples a batch is drawn from (default: ${DEFAULT-VALUE}).")
  int window;
  @Option(names = "--epochs", defaultValue = "1",
      description = "Offline: passes over the stream before predicting (default: ${DEFAULT-VALUE}).")
  int epochs;
  @Option(names = "--reset-optimizer", description = "Online: clear optimizer state after each sample.")
  boolean resetOptimizer;

  @Option(names = "--batch", description = "Views per step B (default: the batch chosen on the"
      + " validation split, docs/results/tuning.md: 32 for standard, 8 for the others).")
  Integer batch;
  @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adamw (adamw needs"
      + " --lr: only SGD's rates were chosen on the validation split; default: ${DEFAULT-VALUE}).")
  String optimizer;
  @Option(names = "--lr", description = "Learning rate (default: the rate chosen on the"
      + " validation split, docs/results/tuning.md: 4e-2 for standard, 1e-2 for online, window and"
      + " offline).")
  Double lr;
  @Option(names = "--momentum", defaultValue = "0.9",
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum;
  @Option(names = "--wd", defaultValue = "0", description = "Weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;
  @Option(names = "--group", defaultValue = "encoder",
      description = "Parameters that adapt: encoder, encoder+decoder, norms, lastN, firstN"
          + " (blocks; head and all are refused: the MAE loss never reaches the head; default:"
          + " ${DEFAULT-VALUE}).")
  String group;
  @Option(names = "--mask-ratio", description = "Fraction of patches masked in each view"
      + " (default: the ratio chosen on the validation split, docs/results/tuning.md: 0.9 for"
      + " standard, 0.75 for the others).")
  Double maskRatio;
  @Option(names = "--crop-min", defaultValue = "0.35", description = "Smallest area of each view's"
      + " random resized crop; 1 = no crop (default: ${DEFAULT-VALUE}).")
  double cropMin;
  @Option(names = "--clip", defaultValue = "0", description = "Gradient-norm clip (0 = off; default:"
      + " ${DEFAULT-VALUE}).")
  double clip;

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
      + " training images, the split TTT hyper-parameters are tuned on (default: ${DEFAULT-VALUE}).")
  int validation;

  @Option(names = "--holdout-every", defaultValue = "0", description = "Every N samples and at each"
      + " segment's end, measure the current weights on held-out images of the segment's shift, without training on them"
      + " (holdout.jsonl; 0 = off).")
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

  private static final String RECORDS = "records.jsonl";

  /** Set when this command re-runs a stopped run's original command line. */
  private boolean resuming;

  /** The command line of the resume that re-runs this run's original one (null: a new run). */
  private List<String> resumeCommand;

  @Override
  public Integer call() {
    if (resume != null) {
      return resumeRun();
    }
    if (out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give --out RUN for a new run, or --resume RUN to continue one");
    }
    if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out
          + " is a file, not a folder; give a new folder path for the run");
    }
    // a quick answer before anything loads; asked again under the folder's lock below
    if (!resuming) {
      requireNewFolder();
    }
    // every option value is checked before anything is loaded, locked or written: a usage
    // error leaves no folder behind
    Strategy strat = OptionValues.check(spec, this::parseStrategy);
    if (resetOptimizer && !(strat instanceof Strategy.Online)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reset-optimizer applies to"
          + " online TTT only (standard resets everything after each sample; window and offline"
          + " keep their state by design); drop it or use --strategy online");
    }
    OptimizerConfig.Kind kind = OptionValues.check(spec, () -> OptimizerConfig.Kind.parse(optimizer));
    if (!resuming) {      // a run started before these checks continues as it began
      requireOptionsThatApply(strat, kind);
    }
    if (group.equals("head") && !(strat instanceof Strategy.Fixed)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--group head adapts nothing:"
          + " the MAE loss that TTT minimises does not reach the classification head, so the run"
          + " would equal --strategy fixed; adapt the encoder (the default), encoder+decoder,"
          + " norms, lastN or firstN");
    }
    // (a run started with --group all before this check continues as it began)
    if (group.equals("all") && !(strat instanceof Strategy.Fixed) && !resuming) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--group all adapts exactly"
          + " what encoder+decoder adapts: the MAE loss that TTT minimises does not reach the"
          + " classification head, so the head never changes; give --group encoder+decoder");
    }
    if (kind == OptimizerConfig.Kind.ADAMW && lr == null && !(strat instanceof Strategy.Fixed)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--optimizer adamw needs --lr:"
          + " the default rates are SGD's (docs/results/tuning.md); seed 000's optimizer study"
          + " used AdamW at 3e-5 (docs/results/steps-optimizer)");
    }
    if (holdoutEvery < 0 || checkpointEvery < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--holdout-every must be >= 0"
          + " (0 = off) and --checkpoint-every >= 1; got " + holdoutEvery + " and "
          + checkpointEvery);
    }
    boolean onValidation = OptionValues.check(spec, () -> DataOptions.isValidation(split));
    StreamSpec streamSpec = OptionValues.check(spec, () -> new StreamSpec(
        StreamSpec.Kind.parse(stream),
        stream.equals("clean") ? List.of() : CorruptionList.parse(corruptions), level, samples,
        seed));
    TttConfig.Recipe validated = TttConfig.validated(strat);
    double rate = lr != null ? lr : validated.lr();
    OptimizerConfig optimizerConfig = OptionValues.check(spec, () ->
        kind == OptimizerConfig.Kind.ADAMW ? OptimizerConfig.adamw(rate, 0.9, 0.999, weightDecay)
            : OptimizerConfig.sgd(rate, momentum, weightDecay));
    Path file = ModelOption.resolve(model);
    DataOptions opts = new DataOptions();
    opts.data = data;
    opts.validation = validation;
    DataOptions.Splits trainAndVal = onValidation ? OptionValues.check(spec, opts::trainAndValidation)
        : null;
    Dataset clean = trainAndVal != null ? OptionValues.check(spec, trainAndVal::requireValidation)
        : opts.open(Split.parse(split));
    // sizes first: building a stream corrupts every image, seconds before a late refusal
    OptionValues.check(spec, () -> {
      streamSpec.requireFits(clean, holdoutEvery > 0 ? holdoutSize : 0);
      return null;
    });
    List<List<Sample>> segments = OptionValues.check(spec, () -> streamSpec.build(clean));
    List<List<Sample>> holdout = holdoutEvery > 0
        ? OptionValues.check(spec, () -> streamSpec.holdout(clean, holdoutSize)) : List.of();
    int total = segments.stream().mapToInt(List::size).sum();
    PrintWriter o = spec.commandLine().getOut();
    try (NDManager m = NDManager.newBaseManager();
        YShapedVit vit = Checkpoint.load(file, m)) {
      ModelOption.requireFits(vit, file, clean, true);
      TttConfig ttt = OptionValues.check(spec, () -> new TttConfig(
          ParamGroup.parse(group, vit.config().depth()), optimizerConfig,
          maskRatio != null ? maskRatio : validated.maskRatio(),
          batch != null ? batch : validated.batch(), cropMin, clip, seed));
      // the folder is locked before its manifest is written: a second job on it (two new runs
      // with one --out, or a resume while the run still goes) is refused and changes nothing
      try (FolderLock lock = FolderLock.acquire(out)) {
        return run(vit, lock, file, strat, ttt, streamSpec, opts, trainAndVal, segments, holdout,
            total, o);
      }
    }
  }

  /** The run itself, every option checked: manifest, adaptation, records, summary. */
  private int run(YShapedVit vit, FolderLock lock, Path file, Strategy strat, TttConfig ttt,
      StreamSpec streamSpec, DataOptions opts, DataOptions.Splits trainAndVal,
      List<List<Sample>> segments, List<List<Sample>> holdout, int total, PrintWriter o) {
    if (!resuming) {
      requireNewFolder();
    }
    Path manifestFile = out.resolve("manifest.json");
    Map<String, Object> configs = configs(file, strat, ttt, streamSpec);
    RunManifest[] manifest = new RunManifest[1];
    if (resuming) {
      RunManifest was = RunResume.manifest(out)
          .orElseThrow(() -> new IllegalArgumentException("cannot read " + manifestFile));
      // the same model file may be named from another folder now: its absolute path is compared
      String model = was.configs().containsKey("modelFile") ? "modelFile" : "model";
      manifest[0] = RunResume.withSameConfigs(out, was, configs,
          List.of("method", "strategy", "ttt", "stream", model));
    } else {
      manifest[0] = startManifest(configs, opts, trainAndVal);
      manifest[0].write(manifestFile);
    }
    spec.commandLine().getErr().println(settingsLine(strat, ttt, total));
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
          stop::requested, holdoutEvery, holdout, kept -> {
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
    List<Evaluation.Record> records = outcome.records();
    Summary summary = Summary.of(strat.id(), records);
    String md = Summary.markdown(List.of(summary)) + Summary.perStepMarkdown(List.of(summary))
        + Summary.holdoutMarkdown(outcome.holdout());
    AtomicFiles.writeString(out.resolve("summary.md"), md);
    AtomicFiles.writeString(out.resolve("summary.csv"), Summary.csv(List.of(summary)));
    Map<String, Object> metrics = new LinkedHashMap<>();   // Map.of's order changes per JVM
    metrics.put("mean_top1", summary.mean());
    metrics.put("samples", records.size());
    metrics.put("seconds_per_sample", summary.secondsPerSample());
    manifest[0].finish(metrics).write(manifestFile);
    o.print(md);
    o.println("records: " + out.resolve("records.jsonl"));
    return 0;
  }

  private String alreadyHeld() {
    return out + " already holds a run; continue it with --resume " + out
        + ", or choose another --out";
  }

  /**
   * Refuses an {@code --out} that holds an eval run's records (resume it instead) or the files of
   * something else (another command's manifest, a summary): a new run would overwrite them.
   */
  private void requireNewFolder() {
    if (java.nio.file.Files.exists(out.resolve(RECORDS))) {
      throw new CommandLine.ParameterException(spec.commandLine(), alreadyHeld());
    }
    Path manifestFile = out.resolve("manifest.json");
    if (java.nio.file.Files.exists(manifestFile)) {
      List<String> command;
      try {
        command = RunResume.manifest(out).map(RunManifest::command).orElse(null);
      } catch (RuntimeException unreadable) {
        command = null;
      }
      if (command != null && evalAt(command) >= 0) {
        return;            // an eval run that stopped before its first record: started again
      }
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " holds the"
          + " manifest.json of another run" + (command == null || command.size() < 2 ? ""
              : " (`" + String.join(" ", command.subList(0, Math.min(3, command.size()))) + "`)")
          + ", which a new eval run would overwrite; give the eval run a folder of its own");
    }
    for (String name : List.of("summary.md", "summary.csv", "holdout.jsonl", TrainState.FILE)) {
      if (java.nio.file.Files.exists(out.resolve(name))) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " holds "
            + name + " but no eval run, and a new run would overwrite it; give the eval run a"
            + " folder of its own");
      }
    }
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
    // (fixed takes every TTT option and adapts nothing: a sweep may pass the same ones to all)
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
    } else if (stream.equals("clean") && (given.hasMatchedOption("--corruptions")
        || given.hasMatchedOption("--level"))) {
      why = "--corruptions and --level: the clean stream has no corruption";
    }
    // (--level with the level-sweeping streams is accepted: `ttt4j experiment` passes the same
    // common options to every stream of its stream-order study)
    if (why != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), why + ", so the value would"
          + " be ignored; drop it or choose the strategy/optimizer it belongs to");
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

  /** What will run, defaults resolved, in one line (the manifest has the same in full). */
  private String settingsLine(Strategy strat, TttConfig ttt, int total) {
    if (strat instanceof Strategy.Fixed) {
      return "fixed (no adaptation): " + total + " samples -> " + out;
    }
    OptimizerConfig o = ttt.optimizer();
    String opt = o.kind() == OptimizerConfig.Kind.SGD
        ? "SGD lr " + num(o.lr()) + " momentum " + num(o.momentum()) : "AdamW lr " + num(o.lr());
    String how;
    if (strat instanceof Strategy.Standard st) {
      how = st.steps() + " steps per sample, reset after each";
    } else if (strat instanceof Strategy.Online on) {
      how = steps(on.stepsPerSample()) + " per sample, never reset"
          + (on.resetOptimizer() ? ", optimizer state cleared after each" : "");
    } else if (strat instanceof Strategy.Window w) {
      how = steps(w.stepsPerSample()) + " per sample on views of the last " + w.size();
    } else {
      int epochs = ((Strategy.Offline) strat).epochs();
      how = epochs + (epochs == 1 ? " epoch" : " epochs") + " over each segment, then predictions";
    }
    return strat.id() + " (" + how + "): " + opt + ", wd " + num(o.weightDecay())
        + (ttt.clipNorm() > 0 ? ", clip " + num(ttt.clipNorm()) : "") + ", B=" + ttt.batch() + ", "
        + ttt.group().id() + " adapts, mask " + num(ttt.maskRatio()) + ", crop "
        + num(ttt.cropMinScale()) + "-1; " + total + " samples -> " + out;
  }

  private static String steps(int n) {
    return n + (n == 1 ? " step" : " steps");
  }

  /** What the manifest records of this run's settings (and what a resume must find unchanged). */
  private Map<String, Object> configs(Path file, Strategy strat, TttConfig ttt,
      StreamSpec streamSpec) {
    Map<String, Object> configs = new LinkedHashMap<>();
    configs.put("model", file.toString());
    // where a resume from another folder finds a model given by a relative path
    configs.put("modelFile", file.toAbsolutePath().normalize().toString());
    configs.put("method", strat.id());          // the strategy's name; its fields follow
    configs.put("strategy", strat);
    configs.put("ttt", settings(ttt));
    configs.put("stream", streamSpec);
    if (holdoutEvery > 0) {
      Map<String, Object> holdout = new LinkedHashMap<>();
      holdout.put("every", holdoutEvery);
      holdout.put("perCorruption", holdoutSize);
      configs.put("holdout", holdout);
    }
    return configs;
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

  private RunManifest startManifest(Map<String, Object> configs, DataOptions opts,
      DataOptions.Splits trainAndVal) {
    List<String> command = OptionValues.commandLine(spec);
    Map<String, String> data = new LinkedHashMap<>(trainAndVal != null
        ? trainAndVal.provenance() : opts.provenance(Split.parse(split)));
    data.put("split", trainAndVal != null ? "validation: the last " + validation
        + " training images" : split);
    return RunManifest.start(command, configs, seed, data);
  }

  /** Re-runs the original command line of the run in {@code resume}, continuing its state. */
  private int resumeRun() {
    RunResume.requireNoOptions(spec, resume);
    RunManifest manifest = RunResume.requireManifest(spec, resume);
    java.util.function.Supplier<CommandLine.ParameterException> notEval = () ->
        new CommandLine.ParameterException(spec.commandLine(), resume.resolve("manifest.json")
            + " is not the manifest of a `ttt4j eval` run");
    if (evalAt(manifest.command()) < 0) {
      throw notEval.get();
    }
    if (RunResume.isComplete(spec, resume, manifest)) {
      return 0;
    }
    EvalCommand original = RunResume.rerun(spec, manifest, EvalCommand.class)
        .orElseThrow(notEval);
    original.out = resume;      // the folder may have moved since
    // a --model given relative to where the run started: the manifest has its absolute path
    RunResume.modelFile(manifest).ifPresent(m -> original.model = m);
    original.resuming = true;
    original.resumeCommand = OptionValues.commandLine(spec);
    spec.commandLine().getErr().println("resuming " + resume + ": "
        + String.join(" ", manifest.command()));
    return original.call();
  }

  private Strategy parseStrategy() {
    int steps = this.steps != null ? this.steps : strategy.equals("standard") ? 20 : 1;
    return switch (strategy) {
      case "fixed" -> new Strategy.Fixed();
      case "standard" -> new Strategy.Standard(steps);
      case "online" -> new Strategy.Online(steps, resetOptimizer);
      case "window" -> new Strategy.Window(window, steps);
      case "offline" -> new Strategy.Offline(epochs);
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown strategy '"
          + strategy + "'; valid: fixed, standard, online, window, offline");
    };
  }
}
