package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Normalize;
import org.ttt4j.eval.Accuracy;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;
import org.ttt4j.provenance.FolderLock;
import org.ttt4j.provenance.RunManifest;
import org.ttt4j.train.TrainConfig;
import org.ttt4j.train.TrainMode;
import org.ttt4j.train.TrainState;
import org.ttt4j.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ttt4j train mae|probe|joint|supervised}: trains, checkpoints atomically every N steps,
 * resumes exactly, stops cleanly on Ctrl-C, and leaves a model, a manifest and training curves.
 */
@Command(name = "train", subcommands = {TrainSegCommand.class, TrainCurvesCommand.class},
    description = "Train a model: MAE pretraining, head probing, Y-shaped"
    + " joint training, or a supervised baseline.")
final class TrainCommand implements java.util.concurrent.Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;


  // MODE and --out are checked in call(), not by picocli, so that `train seg ...` (a subcommand
  // with its own options) parses without them, and a resume without MODE
  @Parameters(index = "0", paramLabel = "MODE", arity = "0..1",
      description = "mae, probe, joint or supervised (seg: see `train seg --help`); not needed"
          + " with --resume")
  String mode;

  @Mixin DataOptions dataOptions;

  @Option(names = "--preset", defaultValue = "fmnist-tiny",
      converter = OptionValues.PresetName.class,
      description = "Architecture of a fresh model (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--init", description = "Start from this checkpoint or run folder (e.g. an"
      + " MAE-pretrained model for probe/joint) instead of a fresh preset.")
  Path init;

  @Option(names = "--head", description = "linear or vit-probe (default: the init model's, or linear).")
  String head;

  @Option(names = "--probe-depth", defaultValue = "1",
      description = "ViT blocks of a vit-probe head (default: ${DEFAULT-VALUE}).")
  int probeDepth;

  @Option(names = "--epochs", defaultValue = "1",
      description = "Passes over the training set; fractions allowed (default: ${DEFAULT-VALUE}).")
  double epochs;
  @Option(names = "--batch", defaultValue = "128",
      description = "Images per step, at least 2 (default: ${DEFAULT-VALUE}).")
  int batch;
  @Option(names = "--blr", defaultValue = "1.5e-4",
      description = "Base lr; peak lr = blr x batch / 256 (default: ${DEFAULT-VALUE}).")
  double blr;
  @Option(names = "--min-lr", defaultValue = "0",
      description = "Floor of the cosine learning-rate schedule (default: ${DEFAULT-VALUE}).")
  double minLr;
  @Option(names = "--warmup", defaultValue = "0.2",
      description = "Linear warm-up in epochs, shorter than --epochs (default: ${DEFAULT-VALUE}).")
  double warmup;
  @Option(names = "--wd", defaultValue = "0.05",
      description = "AdamW weight decay, on weights only (default: ${DEFAULT-VALUE}).")
  double weightDecay;
  @Option(names = "--mask-ratio", defaultValue = "0.75",
      description = "Fraction of patches masked for the MAE loss (default: ${DEFAULT-VALUE}).")
  double maskRatio;
  @Option(names = "--mae-weight", defaultValue = "1.0",
      description = "MAE loss weight in joint training (default: ${DEFAULT-VALUE}).")
  double maeWeight;
  @Option(names = "--crop-min", defaultValue = "0.2",
      description = "Random resized crop min scale (default: ${DEFAULT-VALUE}).")
  double cropMin;
  @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between"
      + " checkpoints (state.safetensors, curves); 0: only at the end (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;
  @Option(names = "--seed", defaultValue = "0", description = "Root seed of the data order,"
      + " augmentation and masks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Run folder (state, model, manifest, curves); required.")
  Path out;

  @Option(names = "--resume", description = "Continue the stopped run in --out exactly, with"
      + " every setting it was started with (other options need not be given; one that differs"
      + " from the run's is refused).")
  boolean resume;

  @Override
  public Integer call() throws IOException {
    if (out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Missing required option: '--out=<out>'");
    }
    if (resume) {
      return resumeRun();
    }
    if (mode == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter:"
          + " 'MODE' (mae, probe, joint, supervised or seg)");
    }
    TrainMode trainMode = parseMode();
    if (Files.isRegularFile(out.resolve(TrainState.FILE))) {   // asked again under the lock
      throw alreadyHeld();
    }
    // every option is checked, and the model against the data, before anything is written
    TrainConfig cfg = OptionValues.check(spec, () -> new TrainConfig(trainMode, epochs, batch, blr,
        minLr, warmup, weightDecay, 0.9, 0.95, maskRatio, maeWeight, cropMin, checkpointEvery,
        seed));
    Safetensors.Contents initial = null;               // the --init checkpoint, read once
    if (init != null) {
      init = ModelOption.resolve(init.toString());     // a run folder names its model.safetensors
      initial = Safetensors.read(init);
    }
    MaeConfig fresh = initial != null ? Checkpoint.config(initial, init) : MaeConfig.preset(preset);
    MaeConfig config = head != null ? fresh.withHead(parseHead(), probeDepth) : fresh;
    DataOptions.Splits data = OptionValues.check(spec, dataOptions::trainAndValidation);
    requireFits(cfg, config, data.train());
    if (init != null) {
      HeldOutImages.initOverlap(init, dataOptions.data, dataOptions.validation)
          .ifPresent(spec.commandLine().getErr()::println);
    }
    Map<String, Object> configs = new LinkedHashMap<>();
    configs.put("model", config);
    configs.put("train", cfg);
    configs.put("init", init == null ? "fresh " + preset : init.toString());
    RunManifest manifest = RunManifest.start(OptionValues.commandLine(spec), configs, cfg.seed(),
        data.provenance());
    // a second job on the folder (two runs with one --out, a resume while the run still goes)
    // is refused and changes nothing
    try (FolderLock lock = FolderLock.acquire(out)) {
      if (Files.isRegularFile(out.resolve(TrainState.FILE))) {
        throw alreadyHeld();
      }
      return train(config, cfg, data, manifest, null, initial);
    }
  }

  /** Refuses a run without a whole step, or a model that cannot train on {@code train}. */
  private void requireFits(TrainConfig cfg, MaeConfig config, Dataset train) {
    long steps = OptionValues.check(spec, () -> cfg.totalSteps(train.size()));
    if (steps < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--epochs " + cfg.epochs()
          + " of " + train.size() + " images at --batch " + cfg.batchSize() + " is no"
          + " whole step; give more epochs or a smaller batch");
    }
    String model = init != null ? init.toString() : "--preset " + preset;
    OptionValues.check(spec, () -> {
      ModelOption.requireFits(config, model, train, cfg.mode().usesClassLoss(), "train " + mode
          + " trains a classifier: add --head linear (or vit-probe) for a new head on its"
          + " encoder, or give a classification model");
      return null;
    });
  }

  private CommandLine.ParameterException alreadyHeld() {
    return new CommandLine.ParameterException(spec.commandLine(), out + " already holds a run;"
        + " continue it with: ttt4j train --out " + out + " --resume, or choose another --out");
  }

  /**
   * Continues the stopped run in {@code out} with the settings it was started with: its model and
   * training configs from its state, its data options from the command line in its manifest.
   */
  private int resumeRun() throws IOException {
    // a run of an earlier ttt4j wrote its manifest at the end only: its state has the facts
    return RunResume.resume(spec, out, saved -> RunManifest.fromMetadata(saved.metadata()), run -> {
      TrainCommand original = RunResume.original(spec, run.manifest(), out, TrainCommand.class);
      TrainConfig cfg = TrainState.trainConfig(run.state());
      if (mode != null && parseMode() != cfg.mode()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "MODE " + mode + " is not"
            + " the mode of the run in " + out + ", a " + cfg.mode().name().toLowerCase(Locale.ROOT)
            + " run; a resume continues a run with its own settings: drop MODE, or start a new"
            + " run with another --out");
      }
      DataOptions.Splits data = original.dataOptions.trainAndValidation();
      RunResume.requireSameData(spec, out, run.manifest().data(), data.provenance());
      return train(TrainState.modelConfig(run.state()), cfg, data, run.manifest(), run.state(),
          null);
    });
  }

  /**
   * The run, in a folder this process has locked: manifest.json first (so a resume finds the
   * settings), then steps with checkpoints until done or stopped; {@code saved} is the state a
   * resume continues (null for a new run), {@code initial} the --init checkpoint a new run starts
   * from (null for a fresh preset, and on resume).
   */
  private int train(MaeConfig config, TrainConfig cfg, DataOptions.Splits data,
      RunManifest manifest, Safetensors.Contents saved, Safetensors.Contents initial) {
    Path statePath = out.resolve(TrainState.FILE);
    manifest.write(out.resolve("manifest.json"));
    Normalize normalize = Normalize.of(config.mean(), config.std());
    try (StopOnSignal stop = StopOnSignal.install();
        NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(config, m, cfg.seed());
        Trainer trainer = new Trainer(model, cfg, data.train(), normalize)) {
      if (saved != null) {
        TrainState.restore(saved, trainer, statePath);
      } else if (initial != null) {
        boolean sameHead = Checkpoint.config(initial, init).head() == config.head();
        model.weights().load(initial.tensors(), "checkpoint " + init,
            name -> sameHead || !(name.startsWith("head.") || name.startsWith("bn.")));
      }
      // closed however the run ends: one that fails mid-way leaves no open history.csv behind
      try (TrainLog log = new TrainLog(out, trainer.step(), cfg.mode() + " on "
          + data.train().source(), spec.commandLine().getErr())) {
        trainer.run(new Trainer.Listener() {
          @Override
          public void onStep(Trainer.StepRecord r, long total) {
            log.record(r, total);
          }

          @Override
          public void onCheckpoint(Trainer t, long step) {
            TrainState.save(t, statePath, manifest.asMetadata());
            log.checkpointed(step);
          }
        }, stop::requested);
        log.finish();
        if (stop.requested()) {
          log.stopped(trainer.step());
          return 130;
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("steps", trainer.step());
        log.lastLosses().forEach(metrics::put);
        if (cfg.mode().usesClassLoss() && data.validation() != null) {
          Accuracy acc = Accuracy.measure(model, data.validation(), 256, i -> { });
          metrics.put("validation_top1", acc.top1());
          metrics.put("validation_images", acc.total());
          spec.commandLine().getOut().printf("validation top-1 %.2f %% on %d images%n",
              100 * acc.top1(), acc.total());
        }
        RunManifest finished = manifest.finish(metrics);
        TrainState.exportModel(trainer, out.resolve("model.safetensors"), finished.asMetadata());
        finished.write(out.resolve("manifest.json"));
        log.writeFinalCurves();
        spec.commandLine().getOut().println("model: " + out.resolve("model.safetensors"));
        return 0;
      }
    }
  }

  private TrainMode parseMode() {
    try {
      return TrainMode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unknown mode '" + mode
          + "'; valid: mae, probe, joint, supervised, or the subcommands seg and curves");
    }
  }

  private HeadType parseHead() {
    return switch (head) {
      case "linear" -> HeadType.LINEAR;
      case "vit-probe", "vit_probe" -> HeadType.VIT_PROBE;
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown head '"
          + head + "'; valid: linear, vit-probe");
    };
  }
}
