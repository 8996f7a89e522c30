package org.ttt4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttt4j.data.Dataset;
import org.ttt4j.data.Normalize;
import org.ttt4j.eval.Accuracy;
import org.ttt4j.model.Checkpoint;
import org.ttt4j.model.HeadType;
import org.ttt4j.model.MaeConfig;
import org.ttt4j.model.Safetensors;
import org.ttt4j.model.YShapedVit;
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
  // with its own options) parses without them
  @Parameters(index = "0", paramLabel = "MODE", arity = "0..1",
      description = "mae, probe, joint or supervised (seg: see `train seg --help`)")
  String mode;

  @Mixin DataOptions dataOptions;

  @Option(names = "--preset", defaultValue = "fmnist-tiny",
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

  @Option(names = "--resume", description = "Continue the run in this folder exactly.")
  boolean resume;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (mode == null || out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required "
          + (mode == null ? "parameter: 'MODE' (mae, probe, joint, supervised or seg)"
              : "option: '--out=<out>'"));
    }
    TrainMode trainMode = parseMode();
    Path statePath = out.resolve("state.safetensors");
    Safetensors.Contents saved = null;
    MaeConfig config;
    TrainConfig cfg;
    if (resume) {
      saved = readToResume(spec, statePath);
      config = TrainState.modelConfig(saved);
      cfg = TrainState.trainConfig(saved);
    } else {
      if (Files.isRegularFile(statePath)) {
        throw new CommandLine.ParameterException(spec.commandLine(), out
            + " already holds a run; add --resume to continue it, or choose another --out");
      }
      if (init != null) {
        init = ModelOption.resolve(init.toString());     // a run folder names its model.safetensors
      }
      cfg = OptionValues.check(spec, () -> new TrainConfig(trainMode, epochs, batch, blr, minLr,
          warmup, weightDecay, 0.9, 0.95, maskRatio, maeWeight, cropMin, checkpointEvery, seed));
      config = init != null ? Checkpoint.config(Safetensors.read(init), init)
          : OptionValues.check(spec, () -> MaeConfig.preset(preset));
      if (head != null) {
        config = config.withHead(parseHead(), probeDepth);
      }
    }
    DataOptions.Splits data = dataOptions.trainAndValidation();
    requireFits(cfg, config, data.train());     // before the run folder gets its first file
    Normalize normalize = Normalize.of(config.mean(), config.std());
    List<String> command = new ArrayList<>(List.of("ttt4j"));
    command.addAll(spec.root().commandLine().getParseResult().originalArgs());
    Map<String, Object> configs = new LinkedHashMap<>();
    configs.put("model", config);
    configs.put("train", cfg);
    configs.put("init", init == null ? "fresh " + preset : init.toString());
    RunManifest manifest = RunManifest.start(command, configs, cfg.seed(), data.provenance());

    try (StopOnSignal stop = StopOnSignal.install();
        NDManager m = NDManager.newBaseManager();
        YShapedVit model = YShapedVit.create(config, m, cfg.seed());
        Trainer trainer = new Trainer(model, cfg, data.train(), normalize)) {
      if (saved != null) {
        TrainState.restore(saved, trainer, statePath);
      } else if (init != null) {
        Safetensors.Contents c = Safetensors.read(init);
        boolean sameHead = Checkpoint.config(c, init).head() == config.head();
        model.weights().load(c.tensors(), "checkpoint " + init,
            name -> sameHead || !(name.startsWith("head.") || name.startsWith("bn.")));
      }
      TrainLog log = new TrainLog(out, trainer.step(), trainMode + " on " + data.train().source(),
          err);
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
      if (trainMode.usesClassLoss() && data.validation() != null) {
        Accuracy acc = Accuracy.measure(model, data.validation(), normalize, 256, i -> { });
        metrics.put("validation_top1", acc.top1());
        metrics.put("validation_images", acc.total());
        spec.commandLine().getOut().printf("validation top-1 %.2f %% on %d images%n",
            100 * acc.top1(), acc.total());
      }
      RunManifest finished = manifest.finish(metrics);
      TrainState.exportModel(trainer, out.resolve("model.safetensors"), finished.asMetadata());
      finished.write(out.resolve("manifest.json"));
      log.writeCurves();
      err.println("curves: " + out.resolve("curves.png"));
      spec.commandLine().getOut().println("model: " + out.resolve("model.safetensors"));
      return 0;
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
    boolean classify = cfg.mode().usesClassLoss();
    if (classify && config.head() == HeadType.DENSE) {
      throw new CommandLine.ParameterException(spec.commandLine(), model + " has a dense"
          + " (segmentation) head, and train " + mode + " trains a classifier: add --head linear"
          + " (or vit-probe) for a new head on its encoder, or give a classification model");
    }
    OptionValues.check(spec, () -> {
      ModelOption.requireFits(config, model, train, classify);
      return null;
    });
  }

  private TrainMode parseMode() {
    try {
      return TrainMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unknown mode '" + mode
          + "'; valid: mae, probe, joint, supervised, or the subcommands seg and curves");
    }
  }

  /**
   * The training state a {@code --resume} continues from, announced on stderr; a usage error of
   * {@code spec}'s command when the folder holds none. Shared by {@code train} and {@code train seg}.
   */
  static Safetensors.Contents readToResume(CommandLine.Model.CommandSpec spec, Path statePath) {
    if (!Files.isRegularFile(statePath)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--resume: " + statePath
          + " does not exist; start the run without --resume");
    }
    Safetensors.Contents saved = TrainState.read(statePath);
    spec.commandLine().getErr().println("resuming " + statePath.getParent() + " at step "
        + saved.metadata().get("step"));
    return saved;
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
